package dev.patgate.gateway.proxy;

import dev.patgate.gateway.config.ForwardedHeader;
import dev.patgate.gateway.net.TrustedProxies;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * What every part of the gateway sees of a request's origin, set once per request before any handler
 * runs, so that the body caps, the failure limiter, the audit line, the token API, the WebDAV
 * {@code Destination} check and the headers sent to the backend all agree:
 *
 * <ul>
 *   <li>From a peer in {@code listen.trusted_proxies}, the client address, scheme and host are those
 *       its forwarding headers give ({@link TrustedProxies}); from any other peer, the connection's.</li>
 *   <li>With {@code listen.public_url} set, the scheme and host are the public URL's, whatever the
 *       request or a proxy said: it is the only authority a {@code Destination} may name.</li>
 *   <li>Headers that speak for the network ({@link ProxyHeaders#isNetworkClaim}) are removed, from
 *       trusted and untrusted peers alike, once read; the proxy sets its own.</li>
 *   <li>A request without {@code Host} (HTTP/2 carries the authority apart) gets one from its URI.</li>
 * </ul>
 *
 * A request that needs none of this (no claim, a {@code Host}, no public URL) passes unwrapped.
 */
final class ClientView implements HttpConfiguration.Customizer {

    private final TrustedProxies proxies;
    private final ForwardedHeader family;
    private final String publicScheme;
    private final String publicAuthority;

    /**
     * @param publicUrl {@code listen.public_url}, or null
     */
    ClientView(TrustedProxies proxies, ForwardedHeader family, URI publicUrl) {
        this.proxies = proxies;
        this.family = family;
        this.publicScheme = publicUrl == null ? null : publicUrl.getScheme();
        this.publicAuthority = publicUrl == null ? null : publicUrl.getRawAuthority();
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        HttpFields headers = request.getHeaders();
        boolean claims = false;
        for (HttpField field : headers) {
            if (ProxyHeaders.isNetworkClaim(field.getName())) {
                claims = true;
                break;
            }
        }
        String host = headers.get(HttpHeader.HOST);
        if (!claims && host != null && publicAuthority == null) {
            return request;
        }
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        HttpURI uri = request.getHttpURI();
        String scheme = uri.getScheme();
        if (host == null && uri.hasAuthority()) {
            host = uri.getAuthority();
        }
        if (claims
                && remote instanceof InetSocketAddress peer
                && peer.getAddress() != null
                && !proxies.isEmpty()
                && proxies.isTrusted(peer.getAddress())) {
            TrustedProxies.Client client = family == ForwardedHeader.FORWARDED
                    ? proxies.fromForwarded(peer.getAddress(), headers.getValuesList(HttpHeader.FORWARDED))
                    : proxies.fromXForwarded(
                            peer.getAddress(),
                            headers.getValuesList(HttpHeader.X_FORWARDED_FOR),
                            headers.getValuesList(HttpHeader.X_FORWARDED_PROTO),
                            headers.getValuesList(HttpHeader.X_FORWARDED_HOST));
            if (!client.address().equals(peer.getAddress())) {
                remote = new InetSocketAddress(client.address(), 0);
            }
            scheme = client.scheme() == null ? scheme : client.scheme();
            host = client.host() == null ? host : client.host();
        }
        if (publicAuthority != null) {
            scheme = publicScheme;
            host = publicAuthority;
        }
        return wrap(request, remote, scheme, host);
    }

    private static Request wrap(Request request, SocketAddress remote, String scheme, String host) {
        HttpFields.Mutable headers = HttpFields.build(request.getHeaders().size() + 1);
        for (HttpField field : request.getHeaders()) {
            if (!ProxyHeaders.isNetworkClaim(field.getName()) && field.getHeader() != HttpHeader.HOST) {
                headers.add(field);
            }
        }
        HttpURI.Mutable uri = HttpURI.build(request.getHttpURI()).scheme(scheme);
        if (host != null) {
            headers.put(HttpHeader.HOST, host);
            uri.authority(host);
        }
        HttpURI viewUri = uri.asImmutable();
        HttpFields viewHeaders = headers.asImmutable();
        boolean secure = "https".equalsIgnoreCase(scheme);
        ConnectionMetaData connection = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return remote;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }
        };
        return new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return viewUri;
            }

            @Override
            public HttpFields getHeaders() {
                return viewHeaders;
            }

            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return connection;
            }
        };
    }
}
