// Kabinet's bridge to WebAuthn: the Go front end hands over the server's
// options as JSON and gets back the credential as JSON (the browser's own
// parse*OptionsFromJSON and toJSON do the encoding). One request at a time:
// a new one aborts the one still waiting (e.g. the autofill offer).
(function () {
  "use strict";
  let pending = null;

  function abort() {
    if (pending) {
      pending.abort(new DOMException("superseded", "AbortError"));
      pending = null;
    }
  }

  // Failures reject with the DOMException's name only ("NotAllowedError",
  // "InvalidStateError", "AbortError", "SecurityError", …), which the Go
  // side maps to what it tells the person.
  function fail(err) {
    throw (err && err.name) || "UnknownError";
  }

  window.kabinetPasskey = {
    supported() {
      return !!(window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON &&
        PublicKeyCredential.parseRequestOptionsFromJSON && window.isSecureContext);
    },
    async conditional() {
      return !!(this.supported() && PublicKeyCredential.isConditionalMediationAvailable &&
        await PublicKeyCredential.isConditionalMediationAvailable());
    },
    async create(json) {
      abort();
      const ac = new AbortController();
      pending = ac;
      try {
        const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(json).publicKey);
        const cred = await navigator.credentials.create({ publicKey, signal: ac.signal });
        return JSON.stringify(cred);
      } catch (err) {
        fail(err);
      } finally {
        if (pending === ac) pending = null;
      }
    },
    // mediation "conditional" offers the passkeys in the login field's
    // autofill and waits until the person picks one (or abort()).
    async get(json, mediation) {
      abort();
      const ac = new AbortController();
      pending = ac;
      try {
        const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(json).publicKey);
        const opts = { publicKey, signal: ac.signal };
        if (mediation) opts.mediation = mediation;
        const cred = await navigator.credentials.get(opts);
        return JSON.stringify(cred);
      } catch (err) {
        fail(err);
      } finally {
        if (pending === ac) pending = null;
      }
    },
    abort,
  };
})();
