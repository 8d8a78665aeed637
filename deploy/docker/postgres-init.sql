-- One database per service: no service reads another's tables.
CREATE DATABASE atalaia_gateway;
CREATE DATABASE atalaia_occurrence;
CREATE DATABASE atalaia_dispatch;
CREATE DATABASE atalaia_audit;
