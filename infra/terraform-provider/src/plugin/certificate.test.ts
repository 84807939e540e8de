import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { generateServerCertificate } from './certificate';

test('the plugin certificate is self-signed for localhost, for server and client auth', () => {
  const cert = generateServerCertificate();
  const x509 = new X509Certificate(cert.certPem);
  assert.ok(x509.verify(x509.publicKey), 'self-signed signature verifies');
  assert.ok(x509.checkPrivateKey(createPrivateKey(cert.keyPem)), 'key matches');
  assert.ok(x509.checkHost('localhost'), 'valid for localhost');
  assert.equal(x509.ca, true);
  assert.deepEqual(x509.keyUsage?.sort(), ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  assert.ok(new Date(x509.validFrom) <= new Date() && new Date(x509.validTo) > new Date());
  // The handshake form: the DER bytes in base64 without padding, as go-plugin decodes it.
  assert.ok(!cert.handshakeCert.endsWith('='));
  assert.deepEqual(Buffer.from(cert.handshakeCert, 'base64'), x509.raw);
  assert.notEqual(generateServerCertificate().handshakeCert, cert.handshakeCert, 'fresh per process');
});
