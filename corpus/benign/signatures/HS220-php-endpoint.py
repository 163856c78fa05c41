# Near-miss for HS220: a PHP endpoint with a type parameter, read as data.
API = "https://example.com/cloud.php?type=json"
SESSION_COOKIE = "app_session=abc"
