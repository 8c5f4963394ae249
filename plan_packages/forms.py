from django import forms

from .files import read_workbook
from .services import PlanPackageInvalid, plan_package_import

MAX_PROBLEMS_SHOWN = 200
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the Dacorum demo with eleven years of past figures is 0.3 MB


class PackageUploadForm(forms.Form):
    package = forms.FileField(
        label="Plan package (.xlsx)",
        help_text="A workbook with a sheet per kind, as export_plan writes it (plan_packages/README.md).",
    )

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Choose an .xlsx workbook.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The workbook is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB.")
        content = upload.read()
        try:
            self.result = plan_package_import(sheets=_sheets(content), dry_run=True)
        except PlanPackageInvalid as invalid:
            messages = [str(problem) for problem in invalid.problems[:MAX_PROBLEMS_SHOWN]]
            if len(invalid.problems) > MAX_PROBLEMS_SHOWN:
                messages.append(f"…and {len(invalid.problems) - MAX_PROBLEMS_SHOWN} more problems.")
            raise forms.ValidationError(messages) from None
        return content


def _sheets(content: bytes):
    import io
    import zipfile

    try:
        return read_workbook(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise forms.ValidationError("The file is not a readable .xlsx workbook.") from None
