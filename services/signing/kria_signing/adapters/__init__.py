"""Where the signing service talks to the outside: the ЕЦП sinks, the GOST crypto, the PKI it starts with."""
