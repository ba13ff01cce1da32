"""Operations: health checks for load balancers, and structured logs with request ids."""
