# Per-target fuzzing settings, sourced by run-campaign.sh and oss-fuzz/build.sh
# so a local campaign and a distributed one fuzz with the same dictionary and
# input size.

# The dictionary (fuzz/dicts/NAME.dict) of target $1, or nothing.
dict_of() {
  case "$1" in
    base64url | jwk | jwe_dir | jws) echo jose ;;
    x509_chain) echo x509 ;;
    client_config | client_xpath) echo client ;;
    http_response) echo http ;;
    rsa | tls_record_guard | crypto_backend) ;; # numbers, record headers, keys: not tokens
    *) echo messages ;;
  esac
}

# The largest input of target $1: message targets read past the Erro (32 KiB)
# and ARes (128 KiB) size caps, so those refusals are reached too.
max_len_of() {
  case "$1" in
    message_* | cres_encrypted) echo 135000 ;;
    *) echo 16384 ;;
  esac
}
