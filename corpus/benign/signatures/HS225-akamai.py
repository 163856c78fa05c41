# Near-miss for HS225: Akamai's real domain.
CDN = "akamaitechnologies.com"
