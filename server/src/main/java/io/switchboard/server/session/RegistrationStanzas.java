// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.session;

import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.node.Node;
import io.switchboard.server.limits.SourceKey;
import io.switchboard.server.registration.RegistrationException;
import io.switchboard.server.registration.RegistrationService;

/**
 * The stanzas of a connection in register mode: {@code <iq type='set'><register phone/></iq>} asks for a code,
 * {@code <iq type='set'><verify phone code/></iq>} binds the account to the connection's key and turns the session
 * active. Runs on the session's event loop.
 */
final class RegistrationStanzas {
    private final RegistrationService service;
    private final Session session;

    RegistrationStanzas(RegistrationService service, Session session) {
        this.service = service;
        this.session = session;
    }

    void onStanza(Node node) {
        String id = node.attr("id");
        Node register = node.child("register");
        Node verify = node.child("verify");
        if (!node.tag().equals("iq") || id == null || !"set".equals(node.attr("type"))) {
            session.write(Stanzas.error(400, "only <iq type='set'> registration requests are accepted here", node));
        } else if (register != null) {
            onRegister(id, register);
        } else if (verify != null) {
            onVerify(id, verify);
        } else {
            session.write(Stanzas.iqError(id, 400, "expected <register/> or <verify/>"));
        }
    }

    private void onRegister(String id, Node register) {
        UserId user = phone(id, register);
        if (user == null) {
            return;
        }
        session.onLoop(service.requestCode(user, SourceKey.ofRemote(session.remoteAddress())), (issued, failure) -> {
            if (failure != null) {
                reject(id, failure);
                return;
            }
            Node.Builder reply = Node.builder("register").attr("status", "code-sent")
                    .attr("expires", Long.toString(issued.expiresInSeconds()));
            if (session.devMode()) {
                reply.attr("code", issued.code());
            }
            session.write(Stanzas.iqResult(id, reply.build()));
        });
    }

    private void onVerify(String id, Node verify) {
        UserId user = phone(id, verify);
        String code = verify.attr("code");
        if (user == null) {
            return;
        }
        if (code == null || !code.matches("[0-9]{6}")) {
            session.write(Stanzas.iqError(id, 400, "the code is 6 digits"));
            return;
        }
        session.onLoop(service.verify(user, code, session.staticKey()), (account, failure) -> {
            if (failure != null) {
                reject(id, failure);
                return;
            }
            session.write(Stanzas.iqResult(id, Node.builder("success").attr("user", user.address())
                    .attr("device", Integer.toString(account.deviceId())).build()));
            session.activate(account);
        });
    }

    private UserId phone(String id, Node request) {
        String phone = request.attr("phone");
        try {
            return UserId.fromPhone(phone == null ? "" : phone);
        } catch (IllegalArgumentException e) {
            session.write(Stanzas.iqError(id, 400, "'phone' must be an E.164 number such as +15551230002"));
            return null;
        }
    }

    private void reject(String id, Throwable failure) {
        if (failure instanceof RegistrationException e) {
            session.write(Stanzas.iqError(id, e.code(), e.getMessage()));
        } else {
            session.write(Stanzas.iqError(id, 500, "registration failed on the server; try again"));
        }
    }
}
