"""The annual community report: data gathering, the PDF build task, the archive."""
