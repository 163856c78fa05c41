# Near-miss for HS229: an address that shares a prefix with an indicator and
# the real MiroTalk domain.
PEER = "185.235.241.20"
SITE = "mirotalk.com"
