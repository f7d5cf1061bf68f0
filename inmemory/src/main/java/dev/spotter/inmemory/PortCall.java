package dev.spotter.inmemory;

/**
 * One call of a port method, as a {@link FaultHook} sees it.
 *
 * @param port   the port's name: {@code ec2}, {@code kubernetes}, {@code nodeclaims}, {@code lease},
 *               {@code unavailable}, {@code catalog}
 * @param method the method, e.g. {@code launch}, {@code evictPod}, {@code update}
 * @param detail what the call is about, as logged by {@link FakeCalls#calls()}
 */
public record PortCall(String port, String method, String detail) {
    @Override
    public String toString() {
        return port + "." + method + (detail.isEmpty() ? "" : " " + detail);
    }
}
