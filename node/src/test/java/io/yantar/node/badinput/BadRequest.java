package io.yantar.node.badinput;

import java.nio.charset.StandardCharsets;

/**
 * One hostile request and the answer the API owes it: the status and, for answers the node
 * writes itself, a pattern for the problem's machine-readable {@code code} (null where the HTTP server layer
 * answers before any route runs, e.g. an over-long URI).
 */
record BadRequest(String name, String method, String path, String contentType, byte[] body, int expectedStatus, String expectedCode) {

    static BadRequest post(String name, String path, String contentType, byte[] body, int status, String code) {
        return new BadRequest(name, "POST", path, contentType, body, status, code);
    }

    static BadRequest postText(String name, String path, String contentType, String body, int status, String code) {
        return post(name, path, contentType, body.getBytes(StandardCharsets.UTF_8), status, code);
    }

    static BadRequest get(String name, String path, int status, String code) {
        return new BadRequest(name, "GET", path, null, null, status, code);
    }

    @Override
    public String toString() {
        return name;
    }
}
