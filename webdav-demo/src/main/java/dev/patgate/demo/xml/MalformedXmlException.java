package dev.patgate.demo.xml;

/** A request body that is not well-formed XML, or not of the shape its method requires; the message says which. */
public final class MalformedXmlException extends Exception {

    public MalformedXmlException(String message) {
        super(message);
    }
}
