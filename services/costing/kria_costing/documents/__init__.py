"""The прейскурант as documents a person reads and signs: an XLSX workbook and a PDF, in Russian."""
