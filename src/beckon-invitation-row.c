/* beckon-invitation-row.c: one invitation in the main window's list
 *
 * The row follows its BeckonInvitationCopy (the item as the core last
 * copied it, on the GTK thread): Accept and Decline while the invitation
 * can be answered, then what became of it ("Joining…", "Declined",
 * "Missed", or the error in red).  Whether an answer can go out is the
 * account's to say (its verdicts come with the copy:
 * beckon_account_copy_can_answer()), as it is for the notification: a
 * button it would refuse is insensitive, its tooltip and the state line say
 * why.  Reply, on a missed chat, likewise (the copy's "can-reply"): shown
 * only when the account would take it, it starts a chat with the inviter
 * (the app.start-chat action).
 *
 * One row shows one item at a time, and may be given another: the main
 * window's list recycles its rows, so beckon_invitation_row_bind()
 * drops the handler the row holds on its previous item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-invitation-row.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "beckon-resources.h"

struct _BeckonInvitationRow
{
  GtkWidget parent_instance;

  AdwAvatar  *avatar;
  GtkLabel   *title_label;
  GtkLabel   *time_label;
  GtkLabel   *body_label;
  GtkWidget  *status_box;
  GtkSpinner *spinner;
  GtkWidget  *status_icon;
  GtkLabel   *status_label;
  GtkWidget  *button_box;
  GtkButton  *accept_button;
  GtkButton  *decline_button;
  GtkWidget  *reply_button;
  GtkWidget  *layout;

  BeckonAccountCopy    *account;
  BeckonInvitationCopy *item;
  gulong                notify_id;  /* on item, dropped with it */
  char                 *accept_tip; /* the buttons' tooltips (query_tooltip_cb()) */
  char                 *decline_tip;
};

G_DEFINE_FINAL_TYPE (BeckonInvitationRow, beckon_invitation_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static char *
format_received (GDateTime *received)
{
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) now = NULL;

  if (received == NULL)
    return NULL;

  local = g_date_time_to_local (received);
  now = g_date_time_new_now_local ();
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: when an invitation arrived today, see g_date_time_format() */
    return g_date_time_format (local, C_ ("invitation time", "%H:%M"));

  /* Translators: when an invitation arrived on another day, see g_date_time_format() */
  return g_date_time_format (local, C_ ("invitation date", "%e %b, %H:%M"));
}

static void
update_time (BeckonInvitationRow *self)
{
  g_autofree char *text = format_received (beckon_invitation_copy_get_received (self->item));

  gtk_label_set_text (self->time_label, text != NULL ? g_strstrip (text) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), text != NULL);
}

/* The tooltips are made when asked for: setting a tooltip asks the
 * display where the pointer is (a round trip to the X server), which a
 * list that gives its rows other items as it scrolls, and a row whose
 * buttons change their reason with each state, cannot afford. */
static char *
dup_tooltip (BeckonInvitationRow *self,
             GtkWidget           *widget)
{
  if (self->item == NULL)
    return NULL;

  if (widget == GTK_WIDGET (self->title_label))
    return g_strdup (beckon_invitation_copy_get_summary (self->item));
  if (widget == GTK_WIDGET (self->body_label))
    return g_strdup (beckon_invitation_copy_get_body (self->item));
  if (widget == GTK_WIDGET (self->accept_button))
    return g_strdup (self->accept_tip);
  if (widget == GTK_WIDGET (self->decline_button))
    return g_strdup (self->decline_tip);
  if (widget == GTK_WIDGET (self->time_label) && beckon_invitation_copy_get_received (self->item) != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (beckon_invitation_copy_get_received (self->item));

      /* Translators: the tooltip of an invitation's time, see g_date_time_format() */
      return g_date_time_format (local, C_ ("invitation tooltip", "Received %c"));
    }
  return NULL;
}

static gboolean
query_tooltip_cb (GtkWidget           *widget,
                  int                  x,
                  int                  y,
                  gboolean             keyboard_mode,
                  GtkTooltip          *tooltip,
                  BeckonInvitationRow *self)
{
  g_autofree char *text = dup_tooltip (self, widget);

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* A button's tooltip, shown when asked for (query_tooltip_cb()), and its
 * accessible description, which the tooltip would otherwise have given. */
static void
set_button_tip (GtkButton  *button,
                char      **tip,
                const char *text)
{
  if (g_strcmp0 (*tip, text) == 0)
    return;
  g_free (*tip);
  *tip = g_strdup (text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
update_kind (BeckonInvitationRow *self)
{
  const char      *inviter = beckon_invitation_copy_get_inviter (self->item);
  g_autofree char *accept = NULL;
  g_autofree char *decline = NULL;

  if (inviter == NULL)
    inviter = "";

  if (beckon_invitation_copy_get_is_meeting (self->item))
    {
      gtk_button_set_label (self->accept_button, _ ("Join"));
      /* Translators: accessible name of the button, %s is who invited */
      accept = g_strdup_printf (_ ("Join the meeting %s invited you to"), inviter);
      /* Translators: accessible name of the button, %s is who invited */
      decline = g_strdup_printf (_ ("Decline the meeting invitation from %s"), inviter);
    }
  else
    {
      gtk_button_set_label (self->accept_button, _ ("Accept"));
      /* Translators: accessible name of the button, %s is who invited */
      accept = g_strdup_printf (_ ("Accept the chat invitation from %s"), inviter);
      /* Translators: accessible name of the button, %s is who invited */
      decline = g_strdup_printf (_ ("Decline the chat invitation from %s"), inviter);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->accept_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accept,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->decline_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, decline,
                                  -1);
}

/* Each button as the account has it: sensitive if it would take the
 * answer, else insensitive with the reason as its tooltip.  Returns why
 * neither answer can go out, if neither can. */
static char *
update_answers (BeckonInvitationRow *self)
{
  g_autoptr (GError) accept_error = NULL;
  g_autoptr (GError) decline_error = NULL;
  gboolean           can_accept = FALSE;
  gboolean           can_decline = FALSE;
  const char        *accept_tip;

  if (self->account != NULL)
    {
      can_accept = beckon_account_copy_can_answer (self->account, self->item, BECKON_ANSWER_ACCEPT, &accept_error);
      can_decline = beckon_account_copy_can_answer (self->account, self->item, BECKON_ANSWER_DECLINE, &decline_error);
    }

  if (beckon_invitation_copy_get_is_meeting (self->item))
    accept_tip = _ ("Join the meeting");
  else
    accept_tip = _ ("Accept the invitation");

  /* A ringing invitation keeps its buttons, if only to say why they do not
   * work; one that is over or being answered shows its state instead. */
  gtk_widget_set_visible (self->button_box, can_accept || can_decline ||
                                              beckon_invitation_copy_get_state (self->item) == BECKON_INVITATION_STATE_PENDING);
  gtk_widget_set_sensitive (GTK_WIDGET (self->accept_button), can_accept);
  gtk_widget_set_sensitive (GTK_WIDGET (self->decline_button), can_decline);
  set_button_tip (self->accept_button, &self->accept_tip, accept_error != NULL ? accept_error->message : accept_tip);
  set_button_tip (self->decline_button, &self->decline_tip,
                  decline_error != NULL ? decline_error->message : _ ("Decline the invitation"));

  if (can_accept || can_decline)
    return NULL;
  return g_strdup (accept_error != NULL ? accept_error->message : _ ("This invitation cannot be answered here"));
}

static void
update_reply (BeckonInvitationRow *self)
{
  g_autofree char *description = NULL;

  gtk_widget_set_visible (self->reply_button,
                          self->account != NULL && beckon_invitation_copy_get_can_reply (self->item));
  /* Translators: accessible name of the Reply button, %s is who invited */
  description = g_strdup_printf (_ ("Reply to %s"), beckon_invitation_copy_get_inviter (self->item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reply_button), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
update_status (BeckonInvitationRow *self)
{
  BeckonInvitationState state = beckon_invitation_copy_get_state (self->item);
  const char           *text = beckon_invitation_copy_get_status_text (self->item);
  const char           *error = beckon_invitation_copy_get_error_message (self->item);
  gboolean              failed = state == BECKON_INVITATION_STATE_FAILED;
  gboolean              busy = FALSE;
  gboolean              explained;
  g_autofree char      *description = NULL;
  g_autofree char      *why_not = update_answers (self);
  const char           *body;

  update_reply (self);

  switch (state)
    {
    case BECKON_INVITATION_STATE_JOINING:
    case BECKON_INVITATION_STATE_DECLINING:
    case BECKON_INVITATION_STATE_IN_LOBBY:
      busy = TRUE;
      break;
    case BECKON_INVITATION_STATE_NOT_JOINED:
    case BECKON_INVITATION_STATE_PENDING:
    case BECKON_INVITATION_STATE_ACCEPTED:
    case BECKON_INVITATION_STATE_DECLINED:
    case BECKON_INVITATION_STATE_FAILED:
    case BECKON_INVITATION_STATE_MISSED:
    case BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE:
    default:
      break;
    }

  /* A failure is explained by its error message, the rest by the state. */
  if (failed && error != NULL && *error != '\0')
    text = error;
  if (text == NULL)
    text = "";

  /* While it rings, the buttons say all there is to say, unless they cannot
   * be used: then why not. */
  if (state == BECKON_INVITATION_STATE_PENDING && why_not != NULL)
    text = why_not;
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (self->status_box, *text != '\0' && (state != BECKON_INVITATION_STATE_PENDING || why_not != NULL));
  gtk_widget_set_visible (self->status_icon, failed);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);

  /* An error, or why a ringing invitation cannot be answered, is read in
   * full; the states are a word or two.  A wrapping label costs a row more
   * to measure than the rest of it together, and the list measures a row
   * each time it shows another item. */
  explained = failed || (state == BECKON_INVITATION_STATE_PENDING && why_not != NULL);
  gtk_label_set_wrap (self->status_label, explained);
  gtk_label_set_ellipsize (self->status_label, explained ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  if (failed)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }

  /* A finished invitation steps back: only the ringing ones stand out. */
  if (state == BECKON_INVITATION_STATE_PENDING || busy || failed)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "finished");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "finished");

  if (*text != '\0')
    description = g_strdup_printf ("%s — %s", beckon_invitation_copy_get_summary (self->item), text);
  else
    description = g_strdup (beckon_invitation_copy_get_summary (self->item));
  body = beckon_invitation_copy_get_body (self->item);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, body != NULL ? body : "",
                                  -1);
}

static void
update_body (BeckonInvitationRow *self)
{
  const char *body = beckon_invitation_copy_get_body (self->item);

  gtk_label_set_text (self->body_label, body != NULL ? body : "");
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), body != NULL && *body != '\0');
}

/* The account decides; the row shows what became of the click either way:
 * taken, the item turns "Joining…" or "Declining…"; refused (a click that
 * crossed a change), the buttons and the state line catch up and say why. */
static void
answer (BeckonInvitationRow *self,
        BeckonAnswer         answer)
{
  g_autoptr (GError) error = NULL;

  if (self->item == NULL)
    return;
  if (self->account != NULL && beckon_account_copy_answer (self->account, self->item, answer, &error))
    return;

  g_debug ("Not answering from the list: %s", error != NULL ? error->message : "no account");
  update_status (self);
}

static void
accept_clicked_cb (BeckonInvitationRow *self)
{
  answer (self, BECKON_ANSWER_ACCEPT);
}

static void
decline_clicked_cb (BeckonInvitationRow *self)
{
  answer (self, BECKON_ANSWER_DECLINE);
}

/* The account decides here too: a click that crossed a change (signed
 * out meanwhile) hides the button instead. */
static void
reply_clicked_cb (BeckonInvitationRow *self)
{
  const char *inviter;

  if (self->item == NULL || self->account == NULL || !beckon_invitation_copy_get_can_reply (self->item))
    {
      if (self->item != NULL)
        update_reply (self);
      return;
    }

  inviter = beckon_invitation_copy_get_inviter (self->item);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.start-chat", "(ss)",
                              beckon_invitation_copy_get_inviter_uri (self->item), inviter);
}

/* One handler for all of the item's properties, not one a property: a
 * row is given another item at every invitation that comes in (see
 * BeckonWindow), and connecting fifteen handlers and two bindings then
 * cost more than what they show. */
static void
item_notify_cb (BeckonInvitationRow *self,
                GParamSpec          *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "inviter"))
    {
      adw_avatar_set_text (self->avatar, beckon_invitation_copy_get_inviter (self->item));
      update_kind (self);
      update_reply (self);
    }
  else if (g_str_equal (name, "summary"))
    {
      gtk_label_set_label (self->title_label, beckon_invitation_copy_get_summary (self->item));
      update_status (self);
    }
  else if (g_str_equal (name, "body"))
    {
      update_body (self);
      update_status (self);
    }
  else if (g_str_equal (name, "received"))
    update_time (self);
  else if (g_str_equal (name, "is-meeting"))
    {
      update_kind (self);
      update_status (self);
    }
  else if (g_str_equal (name, "can-reply"))
    update_reply (self);
  else if (g_str_equal (name, "state") || g_str_equal (name, "status-text") ||
           g_str_equal (name, "error-message") || g_str_equal (name, "answerable") ||
           g_str_equal (name, "can-accept") || g_str_equal (name, "can-decline") ||
           g_str_equal (name, "accept-refusal") || g_str_equal (name, "decline-refusal"))
    update_status (self);
}

/* Lets go of the item: nothing of it may reach the row once it shows
 * another one. */
static void
drop_item (BeckonInvitationRow *self)
{
  if (self->item != NULL)
    g_clear_signal_handler (&self->notify_id, self->item);
  g_clear_object (&self->item);
}

static void
take_item (BeckonInvitationRow  *self,
           BeckonInvitationCopy *item)
{
  /* The row holds the item, and disconnects before it lets go of it. */
  self->item = g_object_ref (item);
  self->notify_id = g_signal_connect_swapped (item, "notify", G_CALLBACK (item_notify_cb), self);

  adw_avatar_set_text (self->avatar, beckon_invitation_copy_get_inviter (item));
  gtk_label_set_label (self->title_label, beckon_invitation_copy_get_summary (item));
  update_body (self);
  update_time (self);
  update_kind (self);
  update_status (self);
}

static void
beckon_invitation_row_dispose (GObject *object)
{
  BeckonInvitationRow *self = BECKON_INVITATION_ROW (object);

  drop_item (self);
  g_clear_object (&self->account);

  /* The layout is the widget's only child, which GtkWidget does not
   * unparent by itself. */
  g_clear_pointer (&self->layout, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), BECKON_TYPE_INVITATION_ROW);

  G_OBJECT_CLASS (beckon_invitation_row_parent_class)->dispose (object);
}

static void
beckon_invitation_row_finalize (GObject *object)
{
  BeckonInvitationRow *self = BECKON_INVITATION_ROW (object);

  g_free (self->accept_tip);
  g_free (self->decline_tip);

  G_OBJECT_CLASS (beckon_invitation_row_parent_class)->finalize (object);
}

static void
beckon_invitation_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BeckonInvitationRow *self = BECKON_INVITATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_invitation_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BeckonInvitationRow *self = BECKON_INVITATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      beckon_invitation_row_bind (self, g_value_get_object (value), self->item);
      break;
    case PROP_ITEM:
      beckon_invitation_row_bind (self, self->account, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_invitation_row_class_init (BeckonInvitationRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_invitation_row_dispose;
  object_class->finalize = beckon_invitation_row_finalize;
  object_class->get_property = beckon_invitation_row_get_property;
  object_class->set_property = beckon_invitation_row_set_property;

  props[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, BECKON_TYPE_ACCOUNT_COPY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, BECKON_TYPE_INVITATION_COPY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* Referencing the resource links it, and with it its constructor that
   * registers it, into programs that link the static library. */
  (void) beckon_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/beckon/Beckon/beckon-invitation-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* The list item that takes the focus and says what the invitation is:
   * the list's own row around it gives the focus to a child that can take
   * it, and a grid view's has the role of a grid cell. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, layout);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, status_box);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, button_box);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, accept_button);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, decline_button);
  gtk_widget_class_bind_template_child (widget_class, BeckonInvitationRow, reply_button);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, accept_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, decline_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reply_clicked_cb);
}

static void
beckon_invitation_row_init (BeckonInvitationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * beckon_invitation_row_new:
 * @account: (nullable): the copy of the account Accept and Decline go to
 * @item: (nullable): the invitation to show, one of @account's copies
 *
 * Returns: (transfer floating): a new row for @item
 */
GtkWidget *
beckon_invitation_row_new (BeckonAccountCopy    *account,
                           BeckonInvitationCopy *item)
{
  g_return_val_if_fail (account == NULL || BECKON_IS_ACCOUNT_COPY (account), NULL);
  g_return_val_if_fail (item == NULL || BECKON_IS_INVITATION_COPY (item), NULL);

  return g_object_new (BECKON_TYPE_INVITATION_ROW,
                       "account", account,
                       "item", item,
                       NULL);
}

/**
 * beckon_invitation_row_bind:
 * @account: (nullable): the copy of the account Accept and Decline go to
 * @item: (nullable): the invitation to show, %NULL for none
 *
 * Shows @item instead of the row's previous invitation, of which the row
 * keeps nothing: no binding, no handler, no reference.
 */
void
beckon_invitation_row_bind (BeckonInvitationRow  *self,
                            BeckonAccountCopy    *account,
                            BeckonInvitationCopy *item)
{
  gboolean account_changed;
  gboolean item_changed;

  g_return_if_fail (BECKON_IS_INVITATION_ROW (self));
  g_return_if_fail (account == NULL || BECKON_IS_ACCOUNT_COPY (account));
  g_return_if_fail (item == NULL || BECKON_IS_INVITATION_COPY (item));

  account_changed = self->account != account;
  item_changed = self->item != item;
  if (!account_changed && !item_changed)
    return;

  drop_item (self);
  g_set_object (&self->account, account);
  if (item != NULL)
    take_item (self, item);

  if (account_changed)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACCOUNT]);
  if (item_changed)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ITEM]);
}

BeckonInvitationCopy *
beckon_invitation_row_get_item (BeckonInvitationRow *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ROW (self), NULL);

  return self->item;
}

/**
 * beckon_invitation_row_dup_tooltip:
 * @widget: one of the row's widgets
 *
 * What @widget's tooltip says now: the row makes its tooltips when they
 * are asked for (see query_tooltip_cb()), so gtk_widget_get_tooltip_text()
 * knows nothing of them.
 *
 * Returns: (transfer full) (nullable): the text, if @widget has a tooltip
 */
char *
beckon_invitation_row_dup_tooltip (BeckonInvitationRow *self,
                                   GtkWidget           *widget)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ROW (self), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return dup_tooltip (self, widget);
}
