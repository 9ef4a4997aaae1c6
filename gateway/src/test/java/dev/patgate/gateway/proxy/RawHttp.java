package dev.patgate.gateway.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hand-written HTTP/1.1 over a socket, for requests that clients refuse to send (broken framing,
 * odd header spellings) and for answers read exactly as they were written ({@code 100 Continue}
 * included). Bytes are ISO-8859-1 both ways, so every byte value can be sent and seen.
 */
public final class RawHttp {

    private RawHttp() {}

    /** What came back on the connection before the server closed it (or the read timed out). */
    public record Answer(String text, boolean timedOut) {

        /** Every status line, in order: {@code 100 Continue} first, if one was sent. */
        public List<String> statusLines() {
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\r\n", -1)) {
                if (line.startsWith("HTTP/1.")) {
                    lines.add(line);
                }
            }
            return lines;
        }

        /** The status code of the first status line, or -1 when nothing was written. */
        public int firstStatus() {
            List<String> lines = statusLines();
            return lines.isEmpty() ? -1 : Integer.parseInt(lines.get(0).split(" ", 3)[1]);
        }

        /** The values of one header of the first non-1xx answer, name compared case-insensitively. */
        public List<String> header(String name) {
            List<String> values = new ArrayList<>();
            int start = finalAnswerStart();
            if (start < 0) {
                return values;
            }
            int end = text.indexOf("\r\n\r\n", start);
            String head = end < 0 ? text.substring(start) : text.substring(start, end);
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0
                        && line.substring(0, colon)
                                .trim()
                                .toLowerCase(Locale.ROOT)
                                .equals(name.toLowerCase(Locale.ROOT))) {
                    values.add(line.substring(colon + 1).trim());
                }
            }
            return values;
        }

        private int finalAnswerStart() {
            int at = 0;
            while (at >= 0 && at < text.length()) {
                if (text.startsWith("HTTP/1.", at) && !text.startsWith(" 1", at + 8)) {
                    return at;
                }
                int next = text.indexOf("\r\n\r\n", at);
                at = next < 0 ? -1 : next + 4;
            }
            return -1;
        }
    }

    /** Writes the request, then reads until the server closes (at most {@code timeoutMillis} of silence). */
    public static Answer exchange(int port, String request, int timeoutMillis) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), false, timeoutMillis);
    }

    /**
     * @param halfClose shut the sending side after the bytes, as a client that breaks off does
     */
    public static Answer exchange(int port, byte[] request, boolean halfClose, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may close while the request is still being written; read what it said
            }
            return readAll(socket.getInputStream());
        }
    }

    /** Reads until the server closes or the read times out. */
    public static Answer readAll(InputStream in) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean timedOut = false;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                seen.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            timedOut = true;
        } catch (IOException e) {
            // a reset after the answer: keep what was read
        }
        return new Answer(seen.toString(StandardCharsets.ISO_8859_1), timedOut);
    }

    /** Reads up to and including the first blank line (the end of one answer's head). */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
