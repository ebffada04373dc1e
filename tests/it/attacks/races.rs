//! Finding 12: the last-administrator rule under simultaneous requests.

use gatehouse::domain::Capability;
use reqwest::Method;

use super::key_with;
use crate::helpers::*;

/// Finding 12: two administrators deactivating each other at the same moment cannot both
/// win, or nobody would be left to administer.
#[tokio::test]
async fn mutual_deactivation_leaves_one_administrator() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let first = app.add_user("first@example.com", &["admin", "user"]).await;
        let second = app.add_user("second@example.com", &["admin", "user"]).await;
        let first_key = key_with(&app, &first, &Capability::ALL).await;
        let second_key = key_with(&app, &second, &Capability::ALL).await;
        // The bootstrap administrator goes first, so these two are the last.
        let bootstrap = app.bootstrap_admin().await;
        assert_eq!(
            app.api(
                Some(&first_key),
                Method::POST,
                &format!("/users/{}/deactivate", bootstrap.id),
                None
            )
            .await
            .0,
            200
        );
        for _round in 0..5 {
            let (on_second, on_first) = (
                format!("/users/{second}/deactivate"),
                format!("/users/{first}/deactivate"),
            );
            let (a, b) = tokio::join!(
                app.api(Some(&first_key), Method::POST, &on_second, None),
                app.api(Some(&second_key), Method::POST, &on_first, None),
            );
            let mut statuses = [a.0, b.0];
            statuses.sort();
            // The loser is refused by the guard (409), or finds its own key's owner already
            // deactivated (401; after a few rounds those failures from one address are
            // throttled: 429).
            assert!(
                statuses[0] == 200 && matches!(statuses[1], 401 | 403 | 409 | 429),
                "{db:?}: {statuses:?}"
            );
            let first_user = app.app.store.user_by_id(&first).await.unwrap().unwrap();
            let second_user = app.app.store.user_by_id(&second).await.unwrap().unwrap();
            assert!(
                first_user.active ^ second_user.active,
                "{db:?}: exactly one is left"
            );
            // Bring the other back for another round.
            let (survivor_key, fallen) = if first_user.active {
                (&first_key, &second)
            } else {
                (&second_key, &first)
            };
            assert_eq!(
                app.api(
                    Some(survivor_key),
                    Method::POST,
                    &format!("/users/{fallen}/reactivate"),
                    None
                )
                .await
                .0,
                200
            );
        }
    }
}
