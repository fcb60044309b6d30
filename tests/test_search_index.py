"""Each event's search text follows its statements and its actors' names."""

from incidents.models import Event


def test_new_statement_and_renamed_actor_reach_the_search_text(
    make, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        zakharova = make.actor("Maria Zakharova")
        event = make.event(title="Warning over arms deal", actors=[(zakharova, "initiator")])
        make.statement(event, zakharova, "Weapons financed by Tokyo would be legitimate targets.")
        zakharova.name_ru = "Мария Захарова"
        zakharova.save()
    text = Event.objects.get(pk=event.pk).search_text
    assert "legitimate targets" in text
    assert "захарова" in text  # case-folded, so the SQLite fallback matches any case


def test_one_transaction_refreshes_each_event_once(make, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        event = make.event()
        speaker = make.actor()
        for n in range(5):
            make.statement(event, speaker, f"Statement number {n}")
        event.title = "Renamed"
        event.save()
    assert len(callbacks) == 1
