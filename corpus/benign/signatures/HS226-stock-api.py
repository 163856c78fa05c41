# Near-miss for HS226: a look-alike host name that is not the indicator.
API = "https://mygetstockprice.com.invalid/api"
