/* test-app-a11y.c: every control of the window and its dialogs has a name and is reached by Tab
 *
 * Each test puts the real window (under Xvfb) into one state: the welcome page, a query on its
 * way, a demo result on each of its pages and in a phone-wide window, the range popover and the
 * main menu open, an error page and its details, the export dialog, the preferences, the
 * keyboard shortcuts. It then walks every widget on screen and fails, listing all of them at
 * once, if a control has no accessible name, if a button that shows only an icon has no
 * tooltip, or if the Tab key cannot reach a control. What only the toolkit could fix (a part of
 * one of its composite widgets, a list without a name, Tab walking a long list row by row) is
 * listed as a note and does not fail.
 *
 * How names are read back. GTK 4.8 has no public getter for a widget's accessible name or
 * properties (gtk_accessible_get_at_context() and friends came in 4.10 and later). Its AT-SPI
 * bridge exports the real tree, but reading that from the test would need a second process,
 * since a blocking AT-SPI call into the test's own process waits on the main loop that has to
 * answer it, and the states would have to be driven across the two. GTK 4.8 does ship, since
 * 4.0, a public testing API for accessibles: gtk_test_accessible_has_property() and friends,
 * and gtk_test_accessible_check_property(), which returns the real value as text when it
 * differs from the one given. With GTK_A11Y=test every widget gets the AT context that API
 * reads, holding the same properties and relations GTK would export over AT-SPI. So the test
 * works out the name the way GTK 4.8's AT-SPI bridge does: the label property, then the labels
 * of the widgets that the labelled-by relation names. (When that is empty the bridge sends the
 * widget's type name, "GtkImage" or "GtkMenuButton", which tells a listener nothing, so it
 * counts as no name.) A tooltip is not a name: GTK 4.8 exports it as the description. The
 * relation's members cannot be listed either, so each widget of the window is tried as its only
 * member. This was checked by hand against the real AT-SPI tree of the app (python3-gi with
 * gir1.2-atspi-2.0, under dbus-run-session): the names agree.
 *
 * Rows of lists and the column titles are named by their content, the text of their cells, as
 * a screen reader reads them; their check is that this text is there. A figure of the summary
 * that Tab stops on (a selectable label styled as a number) must be described by its caption.
 *
 * Keyboard: the test moves focus as the Tab key does (gtk_widget_child_focus() forwards on the
 * window or popover, starting over when it runs off the end) until focus comes round again, and
 * checks that every control that can take focus was focused, or, for the rows of a list, the
 * days of a calendar and the tabs of a view switcher, that focus reached the widget holding
 * them, inside which the arrow keys move.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "lc-client.h"
#include "lc-error.h"
#include "lc-mock-server.h"
#include "lc-preferences.h"
#include "lc-range-popover.h"
#include "lc-window.h"

#include "lc-app-test-support.h"

#define WAIT_SECONDS 30

typedef LcAppTestWindowFixture Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

static void
wait_for (Fixture    *fixture,
          Condition   condition,
          const char *what)
{
  lc_app_test_wait_for ((LcAppTestCondition) condition, fixture, WAIT_SECONDS, what);
}

/* Lets the window lay itself out and map what it shows, so that the walk sees the screen as a
 * person would. There is no single event that says a transition or a popover is done, so this
 * iterates for a while; a state that is not reached shows up as a failed check, never as a
 * pass. */
static void
settle (void)
{
  for (guint i = 0; i < 60; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static gboolean
query_done (Fixture *fixture)
{
  return !lc_window_get_running (fixture->window);
}

static gboolean
query_running (Fixture *fixture)
{
  return lc_window_get_running (fixture->window)
         && lc_mock_server_get_n_requests (fixture->server) > 0;
}

/* --- Reading back what a screen reader gets --------------------------------------------------- */

/* The label property as text, or NULL when it is unset or blank. */
static char *
get_label_property (GtkWidget *widget)
{
  char *label;

  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;

  /* This returns NULL when the value equals the one given, so an empty label reads as none. */
  label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  if (label != NULL && g_strstrip (label)[0] == '\0')
    g_clear_pointer (&label, g_free);

  return label;
}

static void
collect_widgets (GtkWidget *widget,
                 GPtrArray *widgets)
{
  g_ptr_array_add (widgets, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, widgets);
}

/* The name GTK 4.8 gives @widget over AT-SPI, or NULL when it comes to nothing. @candidates are
 * the widgets the labelled-by relation may hold; @unresolved is set when it holds something
 * else, such as several widgets, which the test cannot read. */
static char *
get_accessible_name (GtkWidget *widget,
                     GPtrArray *candidates,
                     gboolean  *unresolved)
{
  g_autoptr (GString) name = g_string_new (NULL);
  g_autofree char *label = get_label_property (widget);
  GtkWidget *labelling = NULL;

  *unresolved = FALSE;
  if (label != NULL)
    g_string_append (name, label);

  if (!gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    goto out;

  /* The check returns NULL when the relation holds exactly the list given. */
  for (guint i = 0; i < candidates->len && labelling == NULL; i++)
    {
      g_autofree char *difference =
        gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                            GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                            candidates->pdata[i], NULL);

      if (difference == NULL)
        labelling = candidates->pdata[i];
    }

  if (labelling == NULL)
    *unresolved = TRUE;
  else if (labelling != widget)
    {
      g_autofree char *labelling_label = get_label_property (labelling);

      if (labelling_label != NULL)
        g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", labelling_label);
    }

out:
  return name->len > 0 ? g_string_free (g_steal_pointer (&name), FALSE) : NULL;
}

static gboolean
has_role (GtkWidget         *widget,
          GtkAccessibleRole  role)
{
  return gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == role;
}

/* Whether GTK would ever move focus to @widget, were it sensitive: it is focusable, and
 * neither it nor a widget around it refuses focus altogether (as the window's own title bar
 * buttons and the display parts of some composite widgets do). */
static gboolean
can_take_focus (GtkWidget *widget)
{
  if (!gtk_widget_get_focusable (widget))
    return FALSE;

  for (GtkWidget *ancestor = widget; ancestor != NULL; ancestor = gtk_widget_get_parent (ancestor))
    if (!gtk_widget_get_can_focus (ancestor))
      return FALSE;

  return TRUE;
}

/* Rows, cells and column titles: a screen reader reads their content. */
static gboolean
is_named_by_content (GtkWidget *widget)
{
  return has_role (widget, GTK_ACCESSIBLE_ROLE_ROW)
         || has_role (widget, GTK_ACCESSIBLE_ROLE_LIST_ITEM)
         || has_role (widget, GTK_ACCESSIBLE_ROLE_TREE_ITEM)
         || has_role (widget, GTK_ACCESSIBLE_ROLE_GRID_CELL)
         || has_role (widget, GTK_ACCESSIBLE_ROLE_CELL)
         || g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkColumnViewTitle");
}

/* Lists and tables take focus only to hand it to their rows, which are the controls. Their
 * own names are not required (as in ARIA, for a list), but GTK 4.8 announces a nameless one by
 * its type name, so the walk mentions those. */
static gboolean
is_container_of_controls (GtkWidget *widget)
{
  return has_role (widget, GTK_ACCESSIBLE_ROLE_LIST)
         || has_role (widget, GTK_ACCESSIBLE_ROLE_LIST_BOX)
         || has_role (widget, GTK_ACCESSIBLE_ROLE_GRID)
         || has_role (widget, GTK_ACCESSIBLE_ROLE_TREE_GRID)
         || has_role (widget, GTK_ACCESSIBLE_ROLE_TABLE)
         || has_role (widget, GTK_ACCESSIBLE_ROLE_TREE)
         || has_role (widget, GTK_ACCESSIBLE_ROLE_TAB_LIST);
}

/* What a person operates: anything whose role makes it a control, anything else that takes
 * keyboard focus (the chart, the calendars), and the rows and column titles. */
static gboolean
is_control (GtkWidget *widget)
{
  static const GtkAccessibleRole control_roles[] = {
    GTK_ACCESSIBLE_ROLE_BUTTON, GTK_ACCESSIBLE_ROLE_CHECKBOX, GTK_ACCESSIBLE_ROLE_COMBO_BOX,
    GTK_ACCESSIBLE_ROLE_LINK, GTK_ACCESSIBLE_ROLE_MENU_ITEM,
    GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX, GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO,
    GTK_ACCESSIBLE_ROLE_RADIO, GTK_ACCESSIBLE_ROLE_SEARCH_BOX, GTK_ACCESSIBLE_ROLE_SLIDER,
    GTK_ACCESSIBLE_ROLE_SPIN_BUTTON, GTK_ACCESSIBLE_ROLE_SWITCH, GTK_ACCESSIBLE_ROLE_TAB,
    GTK_ACCESSIBLE_ROLE_TEXT_BOX,
  };

  /* Text to read is not a control, even where it can be selected, and a scrolled window takes
   * focus only to scroll content that has no control of its own. */
  if (GTK_IS_LABEL (widget) || GTK_IS_SCROLLED_WINDOW (widget) || GTK_IS_VIEWPORT (widget))
    return FALSE;

  /* GTK leaves these out of the tree it exports, and the widget around them speaks for them,
   * as an entry row does for the text inside it. */
  if (has_role (widget, GTK_ACCESSIBLE_ROLE_NONE)
      || has_role (widget, GTK_ACCESSIBLE_ROLE_PRESENTATION))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (control_roles); i++)
    if (has_role (widget, control_roles[i]))
      return TRUE;

  if (is_container_of_controls (widget))
    return FALSE;

  return can_take_focus (widget) || g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkColumnViewTitle");
}

/* The text a widget shows, from the labels inside it that are on screen. */
static gboolean
shows_text (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  if (GTK_IS_LABEL (widget))
    {
      g_autofree char *text = g_strdup (gtk_label_get_text (GTK_LABEL (widget)));

      return g_strstrip (text)[0] != '\0';
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child))
      return TRUE;

  return FALSE;
}

static char *
describe_widget (GtkWidget *widget)
{
  GString *text = g_string_new (G_OBJECT_TYPE_NAME (widget));
  GtkAccessibleRole role_value = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));
  g_autofree char *role = g_enum_to_string (GTK_TYPE_ACCESSIBLE_ROLE, role_value);
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));
  guint depth = 0;

  if (id != NULL)
    g_string_append_printf (text, "#%s", id);
  g_string_append_printf (text, " (%s)", g_str_has_prefix (role, "GTK_ACCESSIBLE_ROLE_")
                                         ? role + strlen ("GTK_ACCESSIBLE_ROLE_") : role);
  if (GTK_IS_ACTIONABLE (widget) && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)))
    g_string_append_printf (text, " action %s",
                            gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)));
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_string_append_printf (text, " tooltip “%s”", gtk_widget_get_tooltip_text (widget));
  g_string_append (text, " in");
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget);
       ancestor != NULL && depth < 4;
       ancestor = gtk_widget_get_parent (ancestor), depth++)
    g_string_append_printf (text, " %s", G_OBJECT_TYPE_NAME (ancestor));

  return g_string_free (text, FALSE);
}

/* Adds "@what: the widget" to @lines. */
static void
add_line (GPtrArray  *lines,
          const char *what,
          GtkWidget  *widget)
{
  g_autofree char *description = describe_widget (widget);

  g_ptr_array_add (lines, g_strdup_printf ("%s: %s", what, description));
}

/* --- Auditing one state ----------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *widgets;   /* every widget under the root, the candidates for labelled-by */
  GPtrArray *problems;  /* one line each */
  GPtrArray *notes;     /* shortcomings that are the toolkit's, reported but not failed */
  GHashTable *focused;  /* the widgets Tab reached */
  guint      n_controls;
} Audit;

static gboolean
is_inner_part_of (GtkWidget  *widget,
                  const char *type_name)
{
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget);
       ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    if (g_str_equal (G_OBJECT_TYPE_NAME (ancestor), type_name))
      return TRUE;

  return FALSE;
}

/* The widget whose Tab stop stands for @widget: lists, calendars and view switchers take one
 * stop and move inside with the arrow keys. NULL when @widget is its own stop. */
static GtkWidget *
get_arrow_key_owner (GtkWidget *widget)
{
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget);
       ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    if (GTK_IS_COLUMN_VIEW (ancestor) || GTK_IS_LIST_VIEW (ancestor)
        || GTK_IS_GRID_VIEW (ancestor) || GTK_IS_LIST_BOX (ancestor)
        || GTK_IS_FLOW_BOX (ancestor) || GTK_IS_CALENDAR (ancestor)
        || ADW_IS_VIEW_SWITCHER (ancestor))
      return ancestor;

  return NULL;
}

static gboolean
focus_reached (Audit     *audit,
               GtkWidget *widget)
{
  GHashTableIter iter;
  gpointer focused;

  g_hash_table_iter_init (&iter, audit->focused);
  while (g_hash_table_iter_next (&iter, &focused, NULL))
    if (focused == widget || gtk_widget_is_ancestor (focused, widget))
      return TRUE;

  return FALSE;
}

/* Parts of the toolkit's own widgets that the toolkit leaves unnamed and that the app cannot
 * reach without poking into the toolkit's insides. They are reported, and do not fail. */
static const char *
get_toolkit_shortcoming (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && is_inner_part_of (widget, "AdwPasswordEntryRow"))
    return "libadwaita 1.2 gives the password row's show-text button a tooltip and no name";
  if (GTK_IS_TOGGLE_BUTTON (widget) && is_inner_part_of (widget, "GtkShortcutsWindow"))
    return "GTK 4.8 gives the shortcuts window's search button neither a name nor a tooltip";

  return NULL;
}

static void
check_control (Audit     *audit,
               GtkWidget *widget)
{
  g_autofree char *name = NULL;
  const char *shortcoming = get_toolkit_shortcoming (widget);
  gboolean unresolved;

  audit->n_controls++;

  if (shortcoming != NULL)
    {
      add_line (audit->notes, shortcoming, widget);
      return;
    }

  /* Named. */
  if (is_named_by_content (widget))
    {
      if (!shows_text (widget))
        add_line (audit->problems, "no text to read", widget);
    }
  else
    {
      name = get_accessible_name (widget, audit->widgets, &unresolved);
      if (unresolved)
        add_line (audit->problems, "a labelled-by relation the test cannot read", widget);
      else if (name == NULL)
        add_line (audit->problems, "no accessible name", widget);
    }

  /* A button that shows only an icon explains itself on hover. The inner button of a menu
   * button is checked through the menu button, which holds the tooltip. The window's own title
   * bar buttons are the desktop's, the same in every app. */
  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget))
      && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget))
      && !shows_text (widget)
      && gtk_widget_get_tooltip_text (widget) == NULL
      && !is_inner_part_of (widget, "GtkWindowControls"))
    add_line (audit->problems, "an icon-only button without a tooltip", widget);

  /* Reached by Tab. */
  if (can_take_focus (widget) && gtk_widget_is_sensitive (widget) && !is_named_by_content (widget))
    {
      GtkWidget *owner = get_arrow_key_owner (widget);

      if (!focus_reached (audit, owner != NULL ? owner : widget))
        add_line (audit->problems, "Tab never reaches it", widget);
    }
}

static void
check_tree (Audit     *audit,
            GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (is_control (widget))
    check_control (audit, widget);
  else if (GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget))
           && gtk_widget_has_css_class (widget, "numeric"))
    {
      /* A figure that Tab stops on would be read as a bare number without its caption. GTK
       * 4.8 exports the description property, but not a described-by relation, as the
       * description. */
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_DESCRIPTION)
          && !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_RELATION_LABELLED_BY))
        add_line (audit->problems, "a figure without its caption", widget);
    }
  else if (is_container_of_controls (widget) && can_take_focus (widget))
    {
      g_autofree char *name = NULL;
      gboolean unresolved;

      name = get_accessible_name (widget, audit->widgets, &unresolved);
      if (name == NULL && !unresolved)
        add_line (audit->notes, "a list without a name", widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_tree (audit, child);
}

/* The list whose rows @widget belongs to, if any. */
static GtkWidget *
get_list (GtkWidget *widget)
{
  GtkWidget *list = NULL;

  for (GtkWidget *ancestor = widget; ancestor != NULL; ancestor = gtk_widget_get_parent (ancestor))
    if (GTK_IS_COLUMN_VIEW (ancestor) || GTK_IS_LIST_VIEW (ancestor) || GTK_IS_GRID_VIEW (ancestor))
      list = ancestor;

  return list;
}

/* Moves focus as one press of Tab does; like GtkWindow, a move that runs off the end starts
 * over from nothing. */
static gboolean
press_tab (GtkWidget *root)
{
  if (gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD))
    return TRUE;

  gtk_root_set_focus (gtk_widget_get_root (root), NULL);
  return gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD);
}

/* Presses Tab until focus comes back to where it was first, recording every widget it lands
 * on. In GTK 4.8 Tab moves from row to row of a list (GtkListView:tab-behavior came in 4.12),
 * so a person leaves a long one with a shortcut or a page mnemonic instead; the walk leaves a
 * list after a few dozen rows, by having it refuse focus for one press, and says so. */
static void
walk_tab_order (Audit     *audit,
                GtkWidget *root)
{
  GtkRoot *focus_root = gtk_widget_get_root (root);
  GtkWidget *first = NULL;
  GtkWidget *list = NULL;
  guint presses_in_list = 0;

  for (guint presses = 0; presses < 1000; presses++)
    {
      GtkWidget *focus;

      if (list != NULL && presses_in_list == 40)
        {
          add_line (audit->notes, "Tab walks the rows of this list one by one", list);
          gtk_widget_set_can_focus (list, FALSE);
          if (!press_tab (root))
            return;
          gtk_widget_set_can_focus (list, TRUE);
        }
      else if (!press_tab (root))
        return;

      focus = gtk_root_get_focus (focus_root);
      if (focus == NULL)
        continue;
      if (focus == first)
        return;
      if (first == NULL)
        first = focus;
      if (g_getenv ("LC_A11Y_TRACE") != NULL)
        {
          g_autofree char *description = describe_widget (focus);

          g_test_message ("Tab: %s", description);
        }
      g_hash_table_add (audit->focused, focus);

      if (get_list (focus) != NULL && get_list (focus) == list)
        presses_in_list++;
      else
        {
          list = get_list (focus);
          presses_in_list = 0;
        }
    }

  g_error ("Tab did not come round again after 1000 presses");
}

/* Checks everything under @root and fails the test with the full list of problems. */
static void
audit_widget (GtkWidget  *root,
              const char *state)
{
  Audit audit = {
    .widgets = g_ptr_array_new (),
    .problems = g_ptr_array_new_with_free_func (g_free),
    .notes = g_ptr_array_new_with_free_func (g_free),
    .focused = g_hash_table_new (NULL, NULL),
  };

  g_assert_true (gtk_widget_get_mapped (root));
  collect_widgets (root, audit.widgets);
  walk_tab_order (&audit, root);
  check_tree (&audit, root);

  g_test_message ("%s: %u controls checked, Tab reached %u widgets, %u problems", state,
                  audit.n_controls, g_hash_table_size (audit.focused), audit.problems->len);
  for (guint i = 0; i < audit.problems->len; i++)
    g_test_message ("%s: %s", state, (char *) audit.problems->pdata[i]);
  for (guint i = 0; i < audit.notes->len; i++)
    g_test_message ("%s: note: %s", state, (char *) audit.notes->pdata[i]);

  /* An empty walk would pass anything: every state has controls. */
  g_assert_cmpuint (audit.n_controls, >, 0);
  g_assert_cmpuint (g_hash_table_size (audit.focused), >, 0);
  if (audit.problems->len > 0)
    g_test_fail_printf ("%s: %u accessibility problems, listed above", state, audit.problems->len);

  g_ptr_array_unref (audit.widgets);
  g_ptr_array_unref (audit.problems);
  g_ptr_array_unref (audit.notes);
  g_hash_table_unref (audit.focused);
}

/* --- Fixture ---------------------------------------------------------------------------------- */

/* The window runs without its application here. Its buttons and menu items that run the
 * application's actions would then be insensitive, out of the Tab order and skipped by the
 * walk, so actions that do nothing stand in for them. */
static void
stand_in_for_application (LcWindow *window)
{
  static const GActionEntry application_actions[] = {
    { "preferences", NULL, NULL, NULL, NULL, { 0 } },
    { "demo", NULL, NULL, NULL, NULL, { 0 } },
    { "about", NULL, NULL, NULL, NULL, { 0 } },
    { "quit", NULL, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), application_actions,
                                   G_N_ELEMENTS (application_actions), NULL);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "app", G_ACTION_GROUP (group));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  lc_app_test_window_fixture_set_up (fixture);
  stand_in_for_application (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 720);
  gtk_window_present (GTK_WINDOW (fixture->window));
  settle ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  lc_app_test_window_fixture_tear_down (fixture, WAIT_SECONDS);
}

static void
run_demo_query (Fixture *fixture)
{
  lc_window_start_demo (fixture->window, fixture->server);
  wait_for (fixture, query_done, "the demo query");
  g_assert_null (lc_window_get_last_error (fixture->window));
  g_assert_cmpint (lc_window_get_view (fixture->window), ==, LC_VIEW_RESULT);
  settle ();
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* --- The states ------------------------------------------------------------------------------- */

static void
test_welcome (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_assert_cmpstr (lc_window_get_visible_page (fixture->window), ==, "welcome");
  audit_widget (GTK_WIDGET (fixture->window), "welcome page");
}

static void
test_loading (Fixture       *fixture,
              gconstpointer  user_data)
{
  /* An answer slower than the test holds the window in its loading state, with the cancel
   * button shown; the query is cancelled once the state is checked. */
  lc_mock_server_set_delay (fixture->server, 30000);
  lc_window_start_demo (fixture->window, fixture->server);
  wait_for (fixture, query_running, "the query to start");
  settle ();
  g_assert_true (lc_window_get_running (fixture->window));
  audit_widget (GTK_WIDGET (fixture->window), "query running");

  lc_window_cancel_query (fixture->window);
  wait_for (fixture, query_done, "the query to stop");
  lc_mock_server_set_delay (fixture->server, 0);
}

static void
test_result_pages (Fixture       *fixture,
                   gconstpointer  user_data)
{
  static const char *pages[] = { "chart", "events", "table" };

  run_demo_query (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *state = g_strdup_printf ("demo result, %s page", pages[i]);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page",
                                                 "s", pages[i]));
      settle ();
      g_assert_cmpstr (lc_window_get_visible_page (fixture->window), ==, pages[i]);
      audit_widget (GTK_WIDGET (fixture->window), state);
    }
}

/* A phone-wide window moves the page switcher to the bottom bar. */
static void
test_result_narrow (Fixture       *fixture,
                    gconstpointer  user_data)
{
  run_demo_query (fixture);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  settle ();
  g_assert_true (adw_view_switcher_bar_get_reveal (
    ADW_VIEW_SWITCHER_BAR (find_descendant (GTK_WIDGET (fixture->window),
                                            ADW_TYPE_VIEW_SWITCHER_BAR))));
  audit_widget (GTK_WIDGET (fixture->window), "demo result, narrow window");
}

static void
test_range_popover (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWidget *popover;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.choose-range",
                                             NULL));
  settle ();
  popover = find_descendant (GTK_WIDGET (fixture->window), LC_TYPE_RANGE_POPOVER);
  g_assert_nonnull (popover);
  audit_widget (popover, "range popover");
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
test_main_menu (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *popover;

  run_demo_query (fixture);
  popover = find_descendant (GTK_WIDGET (fixture->window), GTK_TYPE_POPOVER_MENU);
  g_assert_nonnull (popover);
  gtk_popover_popup (GTK_POPOVER (popover));
  settle ();
  audit_widget (popover, "main menu");
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
test_error (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  /* An account whose secret is wrong, kept for the session so that no keyring is involved. */
  g_settings_set_string (settings, "app-id", LC_MOCK_DEMO_APP_ID);
  g_settings_set_string (settings, "endpoint", fixture->base_url);
  lc_credentials_keep_for_session (fixture->credentials, LC_MOCK_DEMO_APP_ID, fixture->base_url,
                                   "not-the-secret");
  lc_window_query (fixture->window);
  wait_for (fixture, query_done, "the query with a wrong secret");
  g_assert_error (lc_window_get_last_error (fixture->window), LC_ERROR, LC_ERROR_INVALID_SIGNATURE);
  settle ();
  g_assert_cmpstr (lc_window_get_visible_page (fixture->window), ==, "error");
  audit_widget (GTK_WIDGET (fixture->window), "error page");
}

/* The window that the last action opened over the main window, and that is on screen. */
static GtkWindow *
find_dialog (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *dialog = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (fixture->window)
          && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        dialog = toplevel;
    }

  return dialog;
}

static void
test_error_details (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWindow *dialog;

  /* Every attempt at the one chunk of the demo's range fails on the server. */
  lc_mock_server_queue_fault (fixture->server, LC_MOCK_FAULT_SERVER_ERROR,
                              LC_MAX_ATTEMPTS_PER_CHUNK);
  lc_window_start_demo (fixture->window, fixture->server);
  wait_for (fixture, query_done, "the failing query");
  g_assert_nonnull (lc_window_get_last_error (fixture->window));
  settle ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.show-error-details", NULL));
  settle ();
  dialog = find_dialog (fixture);
  g_assert_nonnull (dialog);
  audit_widget (GTK_WIDGET (dialog), "error details");
  gtk_window_destroy (dialog);
}

static void
test_export (Fixture       *fixture,
             gconstpointer  user_data)
{
  GtkWindow *dialog;

  run_demo_query (fixture);
  if (!gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL))
    {
      g_test_skip ("This build has no chart to export");
      return;
    }
  settle ();
  dialog = find_dialog (fixture);
  g_assert_nonnull (dialog);
  audit_widget (GTK_WIDGET (dialog), "export dialog");
  gtk_window_destroy (dialog);
}

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  user_data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  LcPreferences *preferences = lc_preferences_new (GTK_WINDOW (fixture->window),
                                                   fixture->credentials);
  gpointer weak = preferences;

  g_object_add_weak_pointer (G_OBJECT (preferences), &weak);
  gtk_window_present (GTK_WINDOW (preferences));
  settle ();
  audit_widget (GTK_WIDGET (preferences), "preferences");

  gtk_window_destroy (GTK_WINDOW (preferences));
  while (weak != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (weak);
}

static void
test_shortcuts (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/liveconcurrency/LiveConcurrency/"
                                   "gtk/help-overlay.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  g_assert_nonnull (shortcuts);
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (fixture->window));
  gtk_window_present (shortcuts);
  settle ();
  audit_widget (GTK_WIDGET (shortcuts), "keyboard shortcuts");
  gtk_window_destroy (shortcuts);
}

int
main (int   argc,
      char *argv[])
{
  lc_app_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/app/a11y/" path, Fixture, NULL, fixture_set_up, func, \
                                    fixture_tear_down)
  ADD ("welcome", test_welcome);
  ADD ("loading", test_loading);
  ADD ("result-pages", test_result_pages);
  ADD ("result-narrow", test_result_narrow);
  ADD ("range-popover", test_range_popover);
  ADD ("main-menu", test_main_menu);
  ADD ("error", test_error);
  ADD ("error-details", test_error_details);
  ADD ("export", test_export);
  ADD ("preferences", test_preferences);
  ADD ("shortcuts", test_shortcuts);
#undef ADD

  return g_test_run ();
}
