# Shape of the Slow Pisces / Safe{Wallet} lure (Elastic "Bit ByBit", 2025):
# a forked stock-trading dashboard whose data_fetcher.py loads the server's
# answer with PyYAML's unsafe loader. The server normally returns real
# prices; on demand it returns a document that builds objects and runs code.
# Defanged: example.invalid.
import datetime as dt

import pandas as pd
import requests
import yaml

API = "https://getstockprice.example.invalid/api/v1"


class DataFetcher:
    def __init__(self, symbol):
        self.symbol = symbol

    def fetch(self, start: dt.date, end: dt.date) -> pd.DataFrame:
        response = requests.get(
            f"{API}/quote",
            params={"symbol": self.symbol, "from": start.isoformat(), "to": end.isoformat()},
            timeout=30,
        )
        response.raise_for_status()
        data = yaml.load(response.text, Loader=yaml.Loader)  # expect: HS112 critical
        return pd.DataFrame(data["prices"])
