//! JOSE: base64url, JWK, KDFs, JWE and JWS.
