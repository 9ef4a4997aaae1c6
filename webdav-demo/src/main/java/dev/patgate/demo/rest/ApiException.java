package dev.patgate.demo.rest;

/** A REST failure with its HTTP status; the message becomes the error body's {@code Title}. */
final class ApiException extends RuntimeException {

    private final int status;

    ApiException(int status, String title) {
        super(title, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
