"""An OAuth 2.0 client library against the service: it discovers the token endpoint from the
authorization server metadata (RFC 8414), gets a token by client credentials (HTTP Basic, then
form fields) and calls an API operation with it.

Usage: oauth_discovery.py BASE_URL CLIENT_ID CLIENT_SECRET
"""

import sys
import warnings

import httpx

# authlib 1.9 warns on import that its httpx module will move to httpx2; it works as is.
warnings.filterwarnings("ignore", message=".*httpx2.*")
from authlib.integrations.httpx_client import OAuth2Client  # noqa: E402


def main() -> None:
    base, client_id, client_secret = sys.argv[1:4]
    metadata = httpx.get(f"{base}/.well-known/oauth-authorization-server")
    metadata.raise_for_status()
    metadata = metadata.json()
    assert metadata["grant_types_supported"] == ["client_credentials"], metadata
    for method in metadata["token_endpoint_auth_methods_supported"]:
        assert method in ("client_secret_basic", "client_secret_post"), method
        with OAuth2Client(
            client_id,
            client_secret,
            token_endpoint_auth_method=method,
        ) as client:
            token = client.fetch_token(
                metadata["token_endpoint"], grant_type="client_credentials"
            )
            assert token["token_type"] == "Bearer", token
            res = client.get(f"{base}/v1/cooperatives", params={"limit": 1})
            assert res.status_code == 200, (method, res.status_code, res.text)
            print(f"oauth: {method}: token from {metadata['token_endpoint']}, "
                  f"GET /v1/cooperatives {res.status_code}")


if __name__ == "__main__":
    main()
