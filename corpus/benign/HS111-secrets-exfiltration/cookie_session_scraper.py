# A personal scraper that reuses the user's own browser session to download
# their reading list: cookies go back only to the site they belong to.
import browser_cookie3
import requests

SITE = "https://news.example.com"


def reading_list():
    jar = browser_cookie3.firefox(domain_name="news.example.com")
    resp = requests.get(SITE + "/api/reading-list", cookies=jar, timeout=10)
    resp.raise_for_status()
    return resp.json()
