package dev.patgate.gateway.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code Forwarded} values (RFC 7239, section 4): comma-separated elements, each a
 * semicolon-separated list of {@code name=value} pairs, a value being a token or a quoted string.
 */
final class ForwardedValue {

    private ForwardedValue() {}

    /**
     * @return the elements of every value in order, each a list of {@code {name, value}} pairs, names lower case
     * @throws IllegalArgumentException when a value does not follow the grammar
     */
    static List<List<String[]>> parse(List<String> values) {
        List<List<String[]>> elements = new ArrayList<>();
        for (String value : values) {
            new Reader(value, elements).read();
        }
        return elements;
    }

    private static final class Reader {
        private final String text;
        private final List<List<String[]>> elements;
        private int at;

        Reader(String text, List<List<String[]>> elements) {
            this.text = text;
            this.elements = elements;
        }

        void read() {
            List<String[]> element = new ArrayList<>();
            while (true) {
                skipBlanks();
                if (at < text.length() && text.charAt(at) != ',' && text.charAt(at) != ';') {
                    String name = token().toLowerCase(Locale.ROOT);
                    expect('=');
                    String value = at < text.length() && text.charAt(at) == '"' ? quoted() : token();
                    element.add(new String[] {name, value});
                    skipBlanks();
                }
                if (at == text.length()) {
                    elements.add(element);
                    return;
                }
                char separator = text.charAt(at++);
                if (separator == ',') {
                    elements.add(element);
                    element = new ArrayList<>();
                } else if (separator != ';') {
                    throw new IllegalArgumentException("Forwarded: unexpected character");
                }
            }
        }

        private String token() {
            int start = at;
            while (at < text.length() && isTokenChar(text.charAt(at))) {
                at++;
            }
            if (at == start) {
                throw new IllegalArgumentException("Forwarded: a token was expected");
            }
            return text.substring(start, at);
        }

        private String quoted() {
            StringBuilder out = new StringBuilder();
            at++;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\' && at < text.length()) {
                    c = text.charAt(at++);
                }
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new IllegalArgumentException("Forwarded: a control character");
                }
                out.append(c);
            }
            throw new IllegalArgumentException("Forwarded: an unclosed quote");
        }

        private void expect(char wanted) {
            if (at >= text.length() || text.charAt(at) != wanted) {
                throw new IllegalArgumentException("Forwarded: '" + wanted + "' was expected");
            }
            at++;
        }

        private void skipBlanks() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        private static boolean isTokenChar(char c) {
            return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }
}
