"""What a Windows PC needs from the app: Thai system fonts behind Sarabun, and a USB export that
offers the removable drives by name before any folder dialog."""

from tambon_desktop.services.drives import removable_drives


def test_app_font_is_sarabun_then_thai_system_fonts(qapp):
    families = qapp.font().families()
    assert families[0] == "Sarabun"
    assert {"Leelawadee UI", "Tahoma"} <= set(families[1:])


def test_usb_export_offers_the_drives_then_another_folder(qapp):
    from tambon_desktop.ui.exchange_page import ExchangePage
    from tambon_desktop.ui.strings import tr

    targets = ExchangePage.usb_targets()
    assert targets[-1] == (tr("exchange.usb_other"), None)
    assert targets[:-1] == [(d.label, d.path) for d in removable_drives()]
