-- A command id is 1 to 100 characters (CommandId); the journal column allowed only the 24 of the generated form, so a
-- client-chosen or service-issued id (the store's idle hibernations) failed to journal and was dead-lettered.
ALTER TABLE session_history ALTER COLUMN command_id TYPE VARCHAR(100);
