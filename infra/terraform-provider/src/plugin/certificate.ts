// The plugin's server certificate for go-plugin's automatic mutual TLS: a fresh self-signed
// certificate per process (RSA 2048 key and signature from node:crypto, the X.509 structure from node-forge), valid
// for "localhost" as the host side expects, usable for server and client authentication.
import { generateKeyPair, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';

/** node-forge has getTBSCertificate; its type declarations leave it out. */
interface TbsApi {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
}

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
  /** DER bytes, base64 without padding: the handshake line's last field. */
  handshakeCert: string;
}

const KEY_OPTIONS = {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
} as const;

export function generateServerCertificate(now = new Date()): ServerCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', KEY_OPTIONS);
  return certificateFor(publicKey, privateKey, now);
}

/** The same, with the key generated on libuv's thread pool (overlaps the plugin's start-up). */
export function generateServerCertificateAsync(): Promise<ServerCertificate> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', KEY_OPTIONS, (err, publicKey, privateKey) => {
      if (err) reject(err);
      else resolve(certificateFor(publicKey, privateKey, new Date()));
    });
  });
}

function certificateFor(publicKey: string, privateKey: string, now: Date): ServerCertificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive serial number (the top bit clear).
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 30_000);
  cert.validity.notAfter = new Date(now.getTime() + 24 * 3600_000);
  const subject = [
    { name: 'commonName', value: 'localhost' },
    { name: 'organizationName', value: 'HashiCorp' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      keyAgreement: true,
      keyCertSign: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  // Signed by node:crypto (native); node-forge's own RSA signing takes over a second per start.
  cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption;
  const tbs = Buffer.from(
    forge.asn1.toDer((forge.pki as unknown as TbsApi).getTBSCertificate(cert)).getBytes(),
    'binary',
  );
  cert.signature = sign('sha256', tbs, privateKey).toString('binary');
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: privateKey,
    handshakeCert: Buffer.from(der, 'binary').toString('base64').replace(/=+$/, ''),
  };
}
