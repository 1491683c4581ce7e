use super::person_id;

#[test]
fn person_ids_come_from_the_email_then_the_name() {
    assert_eq!(person_id("jane.doe+ci@example.com", "Jane"), "jane-doe-ci");
    assert_eq!(person_id("ÉRIC@example.com", "Éric Dupont"), "ric");
    assert_eq!(person_id("@example.com", "李"), "me");
    assert_eq!(person_id("_x@example.com", ""), "me");
    // The template's own people keep their ids.
    assert_eq!(person_id("sam@example.com", "Sam"), "sam-1");
}
