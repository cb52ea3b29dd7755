"""The raw limit: bare aiokafka relays replaying the pipeline's events in the same topic hops."""
