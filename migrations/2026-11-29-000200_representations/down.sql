DROP TABLE representation_requests;
DROP TABLE representations;
