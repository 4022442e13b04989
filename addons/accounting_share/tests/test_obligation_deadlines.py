from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .obligation_common import HOLIDAYS_2026, ObligationCommon


@tagged("post_install", "-at_install")
class TestObligationDeadlines(ObligationCommon):
    def _deadlines(self, period, **values):
        obligation = self._obligation("X", **values)
        return obligation._get_deadlines(obligation._get_period_start(period))

    def test_business_day_and_target(self):
        # 20 April 2026 is a Monday: kept; the target is two business days before.
        self.assertEqual(
            self._deadlines(date(2026, 3, 5), due_day=20),
            (date(2026, 4, 20), date(2026, 4, 16)),
        )
        # Tiradentes, Tuesday 21 April 2026.
        deadline, target = self._deadlines(
            date(2026, 3, 5), due_day=21, business_day_rule="postpone"
        )
        self.assertEqual(deadline, date(2026, 4, 22))
        self.assertEqual(target, date(2026, 4, 17))
        deadline, _target = self._deadlines(
            date(2026, 3, 5), due_day=21, business_day_rule="anticipate"
        )
        self.assertEqual(deadline, date(2026, 4, 20))
        # The target skips Good Friday (3 April) and the weekend.
        _deadline, target = self._deadlines(
            date(2026, 3, 5), due_day=7, target_business_days=2
        )
        self.assertEqual(target, date(2026, 4, 2))

    def test_missing_day_is_last_day_then_rule(self):
        # 31 February -> Saturday 28 February 2026.
        self.assertEqual(
            self._deadlines(date(2026, 1, 9), due_day=31)[0], date(2026, 2, 27)
        )
        self.assertEqual(
            self._deadlines(date(2026, 1, 9), due_day=31, business_day_rule="postpone")[
                0
            ],
            date(2026, 3, 2),
        )
        # 31 April -> Thursday 30 April 2026, a business day.
        self.assertEqual(
            self._deadlines(date(2026, 3, 9), due_day=31)[0], date(2026, 4, 30)
        )

    def test_a_year_of_deadlines(self):
        obligation = self._obligation("Y", due_day=2, business_day_rule="postpone")
        for month in range(1, 12):
            deadline, target = obligation._get_deadlines(date(2026, month, 1))
            self.assertLess(deadline.weekday(), 5, deadline)
            self.assertNotIn(deadline, HOLIDAYS_2026)
            self.assertGreaterEqual(deadline.day, 2)
            self.assertLess(target, deadline)
        # 2 November 2026 (Finados, a Monday) is postponed to the Tuesday.
        self.assertEqual(
            obligation._get_deadlines(date(2026, 10, 1))[0], date(2026, 11, 3)
        )

    def test_periodicities(self):
        quarterly = self._obligation("Q", periodicity="quarterly", due_day=30)
        self.assertEqual(
            quarterly._get_period_start(date(2026, 5, 10)), date(2026, 4, 1)
        )
        self.assertEqual(
            quarterly._get_deadlines(date(2026, 4, 1))[0], date(2026, 7, 30)
        )
        yearly = self._obligation(
            "A",
            periodicity="yearly",
            due_month=5,
            due_day=31,
            business_day_rule="anticipate",
        )
        self.assertEqual(yearly._get_period_start(date(2025, 8, 1)), date(2025, 1, 1))
        # 31 May 2026 is a Sunday.
        self.assertEqual(yearly._get_deadlines(date(2025, 1, 1))[0], date(2026, 5, 29))
        with self.assertRaises(ValidationError):
            self._obligation("B", periodicity="yearly", due_month=0)
