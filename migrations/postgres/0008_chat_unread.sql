-- Unread chat messages, per reader: partial indexes hold only the unread
-- rows, so a badge (a user's or customer's total) and the per-contact counts
-- are index ranges however long the conversations grow.
CREATE INDEX chat_unread_by_user ON chat_messages (company_id, user_id, customer_id)
    WHERE send_type = 2 AND user_unread = 1;
CREATE INDEX chat_unread_by_customer ON chat_messages (company_id, customer_id, user_id)
    WHERE send_type = 1 AND customer_unread = 1;
