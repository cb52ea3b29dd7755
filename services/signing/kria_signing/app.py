"""Composition root of the signing service (wiring only)."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_shared.contracts.certificates import CertificateIssued
from kria_shared.contracts.topics import Topics
from kria_shared.runtime import ServiceRuntime
from kria_shared.settings import ServiceSettings, load_settings
from kria_signing import migrations
from kria_signing.adapters.certificates_client import CertificatesClient
from kria_signing.adapters.crypto_port import CryptoPort, real_crypto
from kria_signing.adapters.ecp_sinks import EcpSink, FileSink, HttpSink, export_trust_anchor
from kria_signing.adapters.pki_setup import SigningSetup, StartupRefused, prepare
from kria_signing.api.conclusions import build_router
from kria_signing.api.documents import build_documents_router, build_verification_report_router
from kria_signing.api.federal import build_federal_router
from kria_signing.api.protocols import build_protocol_router
from kria_signing.api.trust import build_trust_router
from kria_signing.config.loader import SigningOptions, load_signing_config
from kria_signing.handlers import CertificateHandlers, ProtocolHandlers
from kria_signing.store.models import TABLES
from kria_signing.usecases.composition import DocumentComposer
from kria_signing.usecases.conclusion_acts import ConclusionActs
from kria_signing.usecases.conclusion_reads import ConclusionReads
from kria_signing.usecases.protocol_gate import OrganisationSignatureGate
from kria_signing.usecases.submission import Submitter
from kria_signing.usecases.verification import SignatureChecker


def make_sink(settings: ServiceSettings, options: SigningOptions, setup: SigningSetup,
              transport: httpx.AsyncBaseTransport | None) -> EcpSink:
    if options.ecp_sink == "http":
        if not options.ecp_url:
            raise StartupRefused("KRIA_SIGNING_ECP_SINK=http needs KRIA_SIGNING_ECP_URL")
        return HttpSink(options.ecp_url, attempts=options.ecp_attempts, backoff_s=options.ecp_backoff_s,
                        timeout_s=options.ecp_timeout_s, transport=transport)
    export_trust_anchor(settings.var_dir, setup.root_pem)  # the platform's side checks the .p7s files against it
    return FileSink(options.ecp_dir or settings.var_dir / "ecp")


def create_app(settings: ServiceSettings | None = None, *, options: SigningOptions | None = None,
               crypto: CryptoPort | None = None, ecp_transport: httpx.AsyncBaseTransport | None = None,
               certificates_transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    settings = settings or load_settings("signing")
    options = options or SigningOptions()
    runtime = ServiceRuntime(settings, tables=TABLES, migrations=migrations.SCRIPTS,
                             topics=[Topics.ASSESSMENT, Topics.CERTIFICATES])
    deps = runtime.deps(load_signing_config(options))
    crypto = crypto or real_crypto()
    setup = prepare(settings, options, crypto, deps.config.register, deps.config.include_dev_pki, deps.now())
    checker = SignatureChecker(crypto, setup, runtime.clock)

    gate = OrganisationSignatureGate(crypto, setup, runtime.clock)
    handlers = ProtocolHandlers(deps, gate=gate)
    runtime.handle({
        ProtocolSubmitted: handlers.on_protocol_submitted,
        CertificateIssued: CertificateHandlers().on_certificate_issued,  # the federal search's region
    })

    submitter = Submitter(deps, make_sink(settings, options, setup, ecp_transport), every_s=options.submit_every_s,
                          lease_s=options.submit_lease_s, max_attempts=options.submit_max_attempts)
    runtime.run_in_background(submitter.loop)
    acts = ConclusionActs(deps, setup, checker, on_signed=submitter.wake)
    reads = ConclusionReads(deps)
    certificates = CertificatesClient(options.certificates_url, timeout_s=options.certificates_timeout_s,
                                      transport=certificates_transport)
    composer = DocumentComposer(deps, setup.register, certificates)

    app = runtime.http_app(
        [build_router(deps, reads, acts, composer), build_trust_router(deps, setup, checker),
         build_protocol_router(deps), build_federal_router(deps), build_documents_router(reads, checker),
         build_verification_report_router(deps, checker)],
        title="KRiA signing",
        description="The main MSE bureau: final score, qualified signature, ЕЦП submission, federal access window.",
    )
    app.state.submitter = submitter
    return app
