DROP TABLE api_clients;
DROP FUNCTION notify_api_client_revoked();
