"""Console tools that talk to a server: txredis-benchmark (and txredis-cli's helpers)."""
