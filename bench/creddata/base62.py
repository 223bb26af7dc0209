# Stand-in for pybase62 (the one function obfuscate_creds.py uses), for machines without PyPI.
CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
def encode(n, charset=CHARSET):
    if n == 0:
        return charset[0]
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = charset[r] + s
    return s
def encodebytes(b, charset=CHARSET):
    lead = 0
    for x in b:
        if x: break
        lead += 1
    n = int.from_bytes(b, "big")
    out = "0" * lead * 2 if lead else ""
    return out + (encode(n, charset) if n or not lead else "")
