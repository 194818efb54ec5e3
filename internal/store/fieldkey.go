package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/store/sqlcdb"
)

// fieldCheckText is what field_key.check_value seals: opening it proves the
// key is the one the phones were sealed with.
const fieldCheckText = "xuezuo field key check"

// fieldBatch is how many phones one statement of the encryption in place
// reads; the updates of all batches share one transaction.
const fieldBatch = 1000

// FieldEncryption reports whether members' phones are encrypted at rest,
// and how many this Open encrypted in place (when it enabled the key).
func (s *Store) FieldEncryption() (enabled bool, sealedAtOpen int) {
	return s.fields != nil, s.sealedAtOpen
}

// initFieldKey runs at Open, after the migrations. It refuses a database
// whose phones are encrypted when key is nil or not theirs, and with a key
// on a database never encrypted it encrypts every phone in place, records
// the check value and writes the audit row, in one transaction.
func (s *Store) initFieldKey(ctx context.Context, key []byte) error {
	check, found, err := s.fieldCheck(ctx)
	if err != nil {
		return err
	}
	if key == nil {
		if found {
			return xuezuo.Errorf(xuezuo.EInvalid, "数据库中党员的手机号已加密存储：请用 --field-key 指定密钥文件（或设置 XUEZUO_FIELD_KEY）后再启动")
		}
		return nil
	}
	c, err := newFieldCipher(key)
	if err != nil {
		return xuezuo.Errorf(xuezuo.EInvalid, "字段加密密钥无效：应为 %d 字节的 SM4 密钥（%v）", FieldKeySize, err)
	}
	if !found {
		err = s.encryptInPlace(ctx, c)
		if xuezuo.ErrorCode(err) != xuezuo.EConflict {
			if err == nil {
				s.fields = c
			}
			return err
		}
		// Another server enabled the key at the same moment (PostgreSQL):
		// check against the value it recorded.
		if check, found, err = s.fieldCheck(ctx); err != nil {
			return err
		} else if !found {
			return fmt.Errorf("field key: check value vanished")
		}
	}
	if _, err := c.open("field_key", 1, check); err != nil {
		return xuezuo.Errorf(xuezuo.EInvalid, "--field-key 给出的密钥不是加密这个数据库所用的密钥：请换用当初的密钥文件（备份里不含密钥，须另行保管）")
	}
	s.fields = c
	return nil
}

// fieldCheck reads the check value, if the database has one.
func (s *Store) fieldCheck(ctx context.Context) (string, bool, error) {
	check, err := s.wq.GetFieldKeyCheck(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read field key check: %w", err)
	}
	return check, true, nil
}

// encryptInPlace seals every member's phone with c in one transaction,
// reading them in batches by id. The check row goes in first, so a second
// server doing the same waits for this one and then fails on the key.
func (s *Store) encryptInPlace(ctx context.Context, c *fieldCipher) error {
	ctx = xuezuo.WithActor(ctx, xuezuo.SystemActor("field-key"))
	n := 0
	err := s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		n = 0
		if err := q.InsertFieldKeyCheck(ctx, sqlcdb.InsertFieldKeyCheckParams{
			CheckValue: c.seal("field_key", 1, fieldCheckText), CreatedAt: ms(s.now())}); err != nil {
			return err
		}
		for after := int64(0); ; {
			rows, err := q.MemberPhonesAfter(ctx, sqlcdb.MemberPhonesAfterParams{AfterID: after, Lim: fieldBatch})
			if err != nil {
				return fmt.Errorf("read phones: %w", err)
			}
			for _, r := range rows {
				if err := q.SetMemberPhone(ctx, sqlcdb.SetMemberPhoneParams{ID: r.ID, Phone: c.sealMember(r.ID, r.Phone)}); err != nil {
					return fmt.Errorf("encrypt phone of member %d: %w", r.ID, err)
				}
				after = r.ID
			}
			n += len(rows)
			if len(rows) < fieldBatch {
				break
			}
		}
		return s.audit(ctx, q, audit.New(ctx, "system.field_key", "system", 0, 0, "phones="+strconv.Itoa(n)))
	})
	if err != nil {
		return err
	}
	s.sealedAtOpen = n
	return nil
}
