# Reads a certificate with Python's `cryptography` (an X.509 parser independent of ours) and
# prints what the profile tests assert on, as JSON.
import json, sys
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, AuthorityInformationAccessOID

cert = x509.load_pem_x509_certificate(open(sys.argv[1], 'rb').read())
issuer = x509.load_pem_x509_certificate(open(sys.argv[2], 'rb').read())
ext = cert.extensions
bc = ext.get_extension_for_class(x509.BasicConstraints)
ku = ext.get_extension_for_class(x509.KeyUsage)
eku = ext.get_extension_for_class(x509.ExtendedKeyUsage)
ski = ext.get_extension_for_class(x509.SubjectKeyIdentifier)
aki = ext.get_extension_for_class(x509.AuthorityKeyIdentifier)
crl = ext.get_extension_for_class(x509.CRLDistributionPoints)
aia = ext.get_extension_for_class(x509.AuthorityInformationAccess)
issuer_ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
print(json.dumps({
    'version': cert.version.name,
    'serialHex': format(cert.serial_number, 'x'),
    'serialBits': cert.serial_number.bit_length(),
    'subject': cert.subject.rfc4514_string(),
    'notBefore': cert.not_valid_before_utc.timestamp(),
    'notAfter': cert.not_valid_after_utc.timestamp(),
    'basicConstraints': {'ca': bc.value.ca, 'critical': bc.critical},
    'keyUsage': {'digitalSignature': ku.value.digital_signature, 'keyEncipherment': ku.value.key_encipherment,
                 'keyCertSign': ku.value.key_cert_sign, 'critical': ku.critical},
    'extendedKeyUsage': [o.dotted_string for o in eku.value],
    'clientAuthOnly': list(eku.value) == [ExtendedKeyUsageOID.CLIENT_AUTH],
    'ski': ski.value.digest.hex(),
    'skiMatchesKey': ski.value == x509.SubjectKeyIdentifier.from_public_key(cert.public_key()),
    'akiMatchesIssuer': aki.value.key_identifier == issuer_ski,
    'crlUrls': [n.value for dp in crl.value for n in dp.full_name],
    'caIssuers': [d.access_location.value for d in aia.value if d.access_method == AuthorityInformationAccessOID.CA_ISSUERS],
    'extensionCount': len(ext),
    'hasSan': any(isinstance(e.value, x509.SubjectAlternativeName) for e in ext),
}))
