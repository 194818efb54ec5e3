package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"

	"xuezuo/internal/store/sqlcdb"
)

// appSecretBytes is the length of a new secret: 256 bits, the size of an
// HMAC-SHA256 key.
const appSecretBytes = 32

// AppSecret returns the installation's secret called name, making and
// storing a random one on first use. Every process on the same database
// gets the same bytes, also when two of them start at once.
func (s *Store) AppSecret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, appSecretBytes)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("app secret %s: %w", name, err)
	}
	var stored string
	err := s.inTx(ctx, func(ctx context.Context, _ *sql.Tx, q *sqlcdb.Queries) error {
		var err error
		stored, err = q.EnsureAppSecret(ctx, sqlcdb.EnsureAppSecretParams{Name: name,
			Secret: base64.StdEncoding.EncodeToString(fresh), CreatedAt: ms(s.now())})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("app secret %s: %w", name, err)
	}
	key, err := base64.StdEncoding.DecodeString(stored)
	if err != nil || len(key) < appSecretBytes {
		// A hand-edited row must not leave the forms signed with a short key.
		return nil, fmt.Errorf("app secret %s: stored value is not %d base64 bytes", name, appSecretBytes)
	}
	return key, nil
}
