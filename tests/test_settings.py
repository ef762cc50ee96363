"""Settings from the environment arrive as text and become their fields' types."""

from __future__ import annotations

from pathlib import Path

from oneplan.settings import load_settings


def test_environment_values_take_their_types(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ONEPLAN_SMTP_PORT", "2525")
    monkeypatch.setenv("ONEPLAN_SMTP_STARTTLS", "false")
    monkeypatch.setenv("ONEPLAN_PDF", "1")
    monkeypatch.setenv("ONEPLAN_INTAKE_QUIET_SECONDS", "1.5")
    monkeypatch.setenv("ONEPLAN_STATE", "/srv/oneplan/state")
    settings = load_settings(inputs=None, outputs=Path("out"))
    assert (settings.smtp_port, settings.smtp_starttls, settings.pdf) == (2525, False, True)
    assert settings.intake_quiet_seconds == 1.5
    assert (settings.state, settings.outputs, settings.inputs) == (
        Path("/srv/oneplan/state"),
        Path("out"),
        Path("inputs"),
    )


def test_a_settings_file_is_read_and_the_environment_wins(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "oneplan.toml").write_text(
        '[oneplan]\nlang = "en"\nschedule = "0 6 2 * *"\nsmtp_port = 25\n'
    )
    monkeypatch.setenv("ONEPLAN_LANG", "th")
    settings = load_settings()
    assert (settings.lang, settings.schedule, settings.smtp_port) == ("th", "0 6 2 * *", 25)


def test_folders_in_a_settings_file_are_relative_to_the_file(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "oneplan.toml").write_text(
        '[oneplan]\ninputs = "inputs"\nstate = "/srv/state"\ndeadline_day = 15\n'
        'centre_name = "ศูนย์ประสานงาน"\ncentre_logo = "logo.png"\n'
    )
    monkeypatch.setenv("ONEPLAN_SETTINGS", "demo/oneplan.toml")
    settings = load_settings()
    assert settings.inputs == Path("demo/inputs")
    assert settings.state == Path("/srv/state")
    assert (settings.deadline_day, settings.centre_name) == (15, "ศูนย์ประสานงาน")
    assert settings.centre_logo == "demo/logo.png"


def test_the_monthly_schedule_is_registered_with_its_cron_and_time_zone(monkeypatch, tmp_path):
    from flows.serve import deployments

    monkeypatch.chdir(tmp_path)
    monthly, reminders = deployments(load_settings())
    schedule = monthly.schedules[0].schedule
    # Daily: the flow runs the period whose deadline ended the day before.
    assert (schedule.cron, schedule.timezone) == ("0 7 * * *", "Asia/Bangkok")
    assert monthly.parameters == {"inputs": "inputs", "outputs": "outputs", "state": "state"}
    assert reminders.schedules[0].schedule.cron == "0 8 * * *"
    monkeypatch.setenv("ONEPLAN_SCHEDULE", "0 7 1 * *")
    (monthly, _) = deployments(load_settings())
    assert monthly.schedules[0].schedule.cron == "0 7 1 * *"


def test_periods_own_deadlines_are_read_from_a_table_or_the_environment(monkeypatch, tmp_path):
    import pytest

    monkeypatch.chdir(tmp_path)
    (tmp_path / "oneplan.toml").write_text(
        '[oneplan]\n[oneplan.period_deadlines]\n"2026-12" = "2027-01-15"\n"2027-04" = "2027-05-12 16:30"\n'
    )
    assert load_settings().period_deadlines == (
        ("2026-12", "2027-01-15"),
        ("2027-04", "2027-05-12 16:30"),
    )
    monkeypatch.setenv("ONEPLAN_PERIOD_DEADLINES", "2026-12=2027-01-14")
    assert load_settings().period_deadlines == (("2026-12", "2027-01-14"),)
    monkeypatch.setenv("ONEPLAN_PERIOD_DEADLINES", "2026-12=14/01/2570")
    with pytest.raises(ValueError, match="'2026-12' = '14/01/2570' is not a period"):
        load_settings()
    monkeypatch.setenv("ONEPLAN_PERIOD_DEADLINES", "2026-12=2026-12-15")  # before it ends
    with pytest.raises(ValueError, match="a deadline after its end"):
        load_settings()
    monkeypatch.delenv("ONEPLAN_PERIOD_DEADLINES")
    (tmp_path / "oneplan.toml").write_text(
        '[oneplan]\n[oneplan.period_deadlines]\n"2026-12" = 2027-01-15\n"2027-04" = 2027-05-12T16:30:00\n'
    )  # TOML's own dates
    assert load_settings().period_deadlines == (
        ("2026-12", "2027-01-15"),
        ("2027-04", "2027-05-12 16:30"),
    )
