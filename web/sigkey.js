// Kabinet's «Ключ Кабинета»: an ECDSA P-256 key made by WebCrypto, its
// private half non-extractable, kept in IndexedDB beside the certificate
// the portal issued for it. The Go front end calls it with and gets back
// base64 strings; signatures are WebCrypto's raw r||s (the server takes it).
(function () {
  "use strict";
  const DB = "kabinet-sigkey", STORE = "keys";
  const ALG = { name: "ECDSA", namedCurve: "P-256" };
  const SIGN = { name: "ECDSA", hash: "SHA-256" };

  function b64(buf) {
    let s = "";
    new Uint8Array(buf).forEach((c) => { s += String.fromCharCode(c); });
    return btoa(s);
  }
  function bytes(s) {
    return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  }
  function fail(err) {
    throw (err && err.name) || String(err || "UnknownError");
  }
  function open() {
    return new Promise((resolve, reject) => {
      const r = indexedDB.open(DB, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: "id" });
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }
  async function tx(mode, fn) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => { db.close(); resolve(req && req.result); };
      t.onerror = () => { db.close(); reject(t.error); };
    });
  }

  window.kabinetSigKey = {
    supported() {
      return !!(window.crypto && crypto.subtle && window.indexedDB && window.isSecureContext);
    },
    // create makes a key and returns {id, spki, proof}: the proof is the
    // key's signature of the prefix followed by the public key.
    async create(prefix) {
      try {
        const pair = await crypto.subtle.generateKey(ALG, false, ["sign", "verify"]);
        const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
        const pre = new TextEncoder().encode(prefix);
        const msg = new Uint8Array(pre.length + spki.length);
        msg.set(pre);
        msg.set(spki, pre.length);
        const proof = await crypto.subtle.sign(SIGN, pair.privateKey, msg);
        const id = b64(crypto.getRandomValues(new Uint8Array(12)));
        await tx("readwrite", (s) => s.put({ id, privateKey: pair.privateKey, serial: "", cert: "" }));
        return JSON.stringify({ id, spki: b64(spki), proof: b64(proof) });
      } catch (e) { fail(e); }
    },
    // certify keeps the certificate the portal issued for key id.
    async certify(id, serial, cert) {
      try {
        const k = await tx("readonly", (s) => s.get(id));
        if (!k) throw { name: "NotFoundError" };
        k.serial = serial;
        k.cert = cert;
        await tx("readwrite", (s) => s.put(k));
      } catch (e) { fail(e); }
    },
    // list returns the certified keys as JSON [{id, serial, cert}].
    async list() {
      try {
        if (!this.supported()) return "[]";
        const all = (await tx("readonly", (s) => s.getAll())) || [];
        return JSON.stringify(all.filter((k) => k.serial).map((k) => ({ id: k.id, serial: k.serial, cert: k.cert })));
      } catch (e) { fail(e); }
    },
    // sign signs data (base64) with key id; the answer is raw r||s, base64.
    async sign(id, data) {
      try {
        const k = await tx("readonly", (s) => s.get(id));
        if (!k) throw { name: "NotFoundError" };
        return b64(await crypto.subtle.sign(SIGN, k.privateKey, bytes(data)));
      } catch (e) { fail(e); }
    },
    async remove(id) {
      try { await tx("readwrite", (s) => s.delete(id)); } catch (e) { fail(e); }
    },
    // wipe deletes the key database: a kiosk's visit has ended, and no
    // key, made there before kiosks refused them, may serve the next one.
    wipe() {
      return new Promise((resolve, reject) => {
        const r = indexedDB.deleteDatabase(DB);
        r.onsuccess = () => resolve();
        r.onblocked = () => resolve(); // deleted once the other tab lets go
        r.onerror = () => reject(r.error);
      }).catch(fail);
    },
  };
})();
