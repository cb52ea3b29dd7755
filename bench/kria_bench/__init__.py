"""`kria bench`: the KRiA pipeline against the raw aiokafka limit, on one broker and machine (bench/README.md)."""
