-- Removes passkeys: every registered passkey and open ceremony is lost.
DROP TABLE webauthn_ceremonies, passkeys, webauthn_users;
