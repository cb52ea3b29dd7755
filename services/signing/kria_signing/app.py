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
from kria_signing.api.conclusions import build_router, conclusion_reader
from kria_signing.api.documents import build_documents_router, build_verification_report_router
from kria_signing.api.federal import build_federal_router
from kria_signing.api.protocols import build_protocol_router
from kria_signing.api.trust import build_trust_router
from kria_signing.config.loader import SigningOptions, load_access_policy, load_methodology, load_signer_config
from kria_signing.handlers import CertificateHandlers, ProtocolHandlers
from kria_signing.store.models import TABLES
from kria_signing.usecases.composition import DocumentComposer
from kria_signing.usecases.conclusion_acts import ConclusionActs
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
    methodology = load_methodology(options.methodology_file)
    register, include_dev_pki = load_signer_config(options.signers_file)
    crypto = crypto or real_crypto()
    setup = prepare(settings, options, crypto, register, include_dev_pki, runtime.clock.now())
    checker = SignatureChecker(crypto, setup, runtime.clock)

    gate = OrganisationSignatureGate(crypto, setup, runtime.clock)
    handlers = ProtocolHandlers(methodology, runtime.clock, gate=gate)
    runtime.handle({
        ProtocolSubmitted: handlers.on_protocol_submitted,
        CertificateIssued: CertificateHandlers().on_certificate_issued,  # the federal search's region
    })

    submitter = Submitter(runtime.uows, runtime.clock, make_sink(settings, options, setup, ecp_transport),
                          load_access_policy(options.access_file), every_s=options.submit_every_s,
                          lease_s=options.submit_lease_s, max_attempts=options.submit_max_attempts)
    runtime.run_in_background(submitter.loop)
    acts = ConclusionActs(runtime.uows, runtime.clock, setup, checker, on_signed=submitter.wake)
    certificates = CertificatesClient(options.certificates_url, timeout_s=options.certificates_timeout_s,
                                      transport=certificates_transport)
    composer = DocumentComposer(runtime.uows, runtime.clock, setup.register, certificates)

    app = runtime.http_app(
        [build_router(runtime.uows, runtime.clock, acts, composer, options.max_signature_bytes),
         build_trust_router(setup, checker, options.max_document_bytes), build_protocol_router(runtime.uows),
         build_federal_router(runtime.uows, runtime.clock),
         build_documents_router(conclusion_reader(runtime.uows, runtime.clock), checker),
         build_verification_report_router(checker, runtime.clock, options.max_document_bytes)],
        title="KRiA signing",
        description="The main MSE bureau: final score, qualified signature, ЕЦП submission, federal access window.",
    )
    app.state.submitter = submitter
    return app
