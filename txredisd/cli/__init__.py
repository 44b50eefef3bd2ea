"""Console scripts: txredisd, txredis-cli, txredis-benchmark, txredisd-gen-certs."""
