# Near-miss for HS215: URLs with a double slash but other segment lengths.
ASSETS = "https://cdn.example.com//static/js/app/main.js"
MIRROR = "https://example.com//a1b2c3/d4e5f6/g7h8i9/j0k1l2/mno"
