# Near-miss for HS236: a development server that opens an ngrok tunnel with
# pyngrok, reading the token from the environment. pyngrok fetches the agent
# itself; this file has no download and no hard-coded `ngrok authtoken` call.
import os

from pyngrok import conf, ngrok


def open_tunnel(port=8000):
    conf.get_default().auth_token = os.environ["NGROK_AUTHTOKEN"]
    tunnel = ngrok.connect(port, "http")
    print("public URL:", tunnel.public_url)
    return tunnel
