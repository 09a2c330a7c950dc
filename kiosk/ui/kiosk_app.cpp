// The kiosk application (see kiosk_app.h).
#include "ui/kiosk_app.h"

#include <iostream>

#include "core/keyboard_layouts.h"
#include "domain/form_library.h"
#include "domain/names.h"
#include "domain/ui_languages.h"
#include "ui/admin_enroll_screen.h"
#include "ui/idle_warning_overlay.h"
#include "ui/read_aloud.h"
#include "ui/section_screen.h"
#include "ui/stop_dialog.h"
#include "ui/welcome_screen.h"

namespace sichtbar::ui {

KioskUi::KioskUi(KioskStore store, DeviceIdentity device, Form form, KioskSetup setup,
                 std::unique_ptr<TextRenderer> text)
    : store_(std::move(store)),
      device_(std::move(device)),
      form_(std::move(form)),
      text_(std::move(text)),
      ui_{*text_},
      initial_setup_(std::move(setup)) {
  ui_.taps = &taps_;
}

KioskUi::~KioskUi() {
  // Silence first: the speaker's thread reads the texts of the catalogues below.
  if (read_aloud_) read_aloud_->set_speaker(nullptr);
  // A kiosk closed before its second frame: let the worker finish so it can be joined.
  if (occupation_build_gate_) occupation_build_gate_->set_value();
}

Result<std::unique_ptr<KioskUi>> KioskUi::open(const std::filesystem::path& data_dir,
                                               const std::filesystem::path& assets_dir,
                                               SessionConfig config,
                                               std::unique_ptr<DeskStore> desk_store) {
  auto store = KioskStore::open(data_dir);
  if (!store) return fail(store.error().code, store.error().message);
  auto setup = KioskSetup::load(*store);
  // A kiosk not set up yet opens too: a locked kiosk session has no shell, so its volunteer
  // connects it to the office from the screens. No person starts before (not enrolled).
  if (!setup && setup.error().code == "setup.missing") {
    setup = KioskSetup();
    setup->languages = all_ui_languages();
  }
  if (!setup) return fail(setup.error().code, setup.error().message);
  auto device = ensure_device_identity(*store);
  if (!device) return fail(device.error().code, device.error().message);
  // Records are always made with the newest version of the form; the hub knows the older ones.
  auto forms = FormLibrary::load(form_folder(assets_dir, kProfileFormId));
  if (!forms) return fail(forms.error().code, forms.error().message);
  std::promise<void> occupation_build_gate;
  auto taxonomies = Taxonomies::load(
      assets_dir, [released = occupation_build_gate.get_future().share()] { released.wait(); });
  if (!taxonomies) return fail(taxonomies.error().code, taxonomies.error().message);
  auto text = TextRenderer::open(script::noto_font_files());
  if (!text) return fail(text.error().code, text.error().message);
  auto speech = SpeechLibrary::load(assets_dir);
  if (!speech) return fail(speech.error().code, speech.error().message);

  std::unique_ptr<KioskUi> app(new KioskUi(std::move(*store), std::move(*device),
                                           Form(forms->latest()), std::move(*setup),
                                           std::move(*text)));
  for (std::string_view language : kUiLanguages) {
    auto catalogue = Catalogue::load_locale(assets_dir / "i18n", language);
    if (!catalogue) return fail(catalogue.error().code, catalogue.error().message);
    app->catalogues_.emplace(std::string(language), std::move(*catalogue));
  }
  app->taxonomies_ = std::make_unique<Taxonomies>(std::move(*taxonomies));
  app->occupation_build_gate_ = std::move(occupation_build_gate);
  config.occupation_reference = std::string(app->taxonomies_->reference().version());
  app->session_ = std::make_unique<KioskSession>(app->form_, app->initial_setup_, config);
  app->sync_ = std::make_unique<BackgroundSync>(data_dir, app->device_);
  // The desk starts with what the kiosk read as it opened, before any frame; it refreshes off
  // the frame from then on.
  const auto wall_clock = config.wall_clock;
  auto counts = kiosk_counts(app->store_, wall_clock());
  if (!desk_store) desk_store = kiosk_desk_store(data_dir, app->device_);
  app->desk_ = std::make_unique<VolunteerDesk>(
      std::move(desk_store), *app->sync_, wall_clock,
      counts ? std::optional<KioskCounts>(*counts) : std::nullopt, app->initial_setup_,
      app->device_.device_id);
  KioskUi* self = app.get();
  app->services_.reset(
      new KioskServices{app->form_,
                        *app->taxonomies_,
                        *app->desk_,
                        [self](std::string_view language) { return self->catalogue(language); },
                        [] { return std::chrono::system_clock::now(); },
                        false,
                        {},
                        {},
                        nullptr});
  app->ui_.german = app->catalogue("de");
  app->slip_printer_ = std::make_unique<SlipPrinter>(script::noto_font_files());
  app->services_->slip_printer = app->slip_printer_.get();
  register_screens(app->screens_);
  if (auto missing = app->screens_.missing())
    return fail("kiosk.no_screen",
                "No screen is registered for \"" + std::string(screen_name(*missing)) + "\".");
  app->idle_warning_ = std::make_unique<IdleWarningOverlay>();
  app->stop_dialog_ = std::make_unique<StopDialog>();
  app->read_aloud_ = std::make_unique<ReadAloud>(std::move(*speech));
  // Back from consent to the language screen would discard the answers: it asks Stop's question.
  app->services_->ask_to_stop = [self] { self->stop_dialog_->ask(self->ui_); };
  return app;
}

const Catalogue* KioskUi::catalogue(std::string_view language) const {
  auto it = catalogues_.find(language);
  return it == catalogues_.end() ? nullptr : &it->second;
}

std::vector<std::string> KioskUi::atlas_strings() const {
  std::vector<std::string> strings;
  for (const auto& [language, catalogue] : catalogues_)
    for (const std::string& key : catalogue.keys())
      if (const std::string* s = catalogue.find(key)) strings.push_back(*s);
  for (std::string& label : keyboard_labels()) strings.push_back(std::move(label));
  for (std::string& text : taxonomies_->occupation_atlas_text()) strings.push_back(std::move(text));
  for (std::string_view language : kUiLanguages)
    strings.push_back(script::language_autonym(language));
  strings.emplace_back("\u2022\u2013()");  // PIN dots, the picker's dash
  return strings;
}

void KioskUi::set_press_was_tap(std::function<bool()> press_was_tap) {
  ui_.press_was_tap = std::move(press_was_tap);
}

void KioskUi::apply_style() const {
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowPadding = ImVec2(0, 0);
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 0;
  style.WindowRounding = 0;
  style.ScrollbarSize = 14 * ui_.scale;
  style.ScrollbarRounding = 7 * ui_.scale;
  style.ItemSpacing = ImVec2(0, 0);
  style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(colors::background);
  style.Colors[ImGuiCol_ScrollbarBg] = ImGui::ColorConvertU32ToFloat4(colors::background);
  style.Colors[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(colors::border);
}

SectionScreen& KioskUi::section_screen() {
  return static_cast<SectionScreen&>(screens_.at(Screen::Section));
}

WelcomeScreen& KioskUi::welcome_screen() {
  return static_cast<WelcomeScreen&>(screens_.at(Screen::Welcome));
}

AdminEnrollScreen& KioskUi::enroll_screen() {
  return static_cast<AdminEnrollScreen&>(screens_.at(Screen::AdminEnroll));
}

void KioskUi::set_wake(std::function<void()> wake) {
  sync_->set_on_finished(wake);
  desk_->set_on_done(std::move(wake));
}

void KioskUi::set_speaker(std::unique_ptr<Speaker> speaker) {
  read_aloud_->set_speaker(std::move(speaker));
}

void KioskUi::wipe_person() {
  // Nothing of the person who left is read to the next one.
  read_aloud_->stop();
  screens_.wipe_all();
  desk_->forget();
  stop_dialog_->wipe();
  second_language_.wipe();
  slip_printer_->forget();
  // Shaped typed text is cached like any other text: it goes too.
  text_->clear_cache();
  ImGui::GetIO().InputQueueCharacters.resize(0);
}

void KioskUi::draw(MonotonicTime now) {
  if (occupation_build_gate_ && frames_drawn_++ > 0) {
    occupation_build_gate_->set_value();
    occupation_build_gate_.reset();
  }
  if (session_->tick(now) == Idle::TimedOut) wipe_person();
  // A language picked (the person's, or the volunteer's default): its occupation labels load
  // while the person reads the consent, so the picker has them when they get there.
  if (session_->language() != occupation_language_) {
    occupation_language_ = session_->language();
    taxonomies_->want_occupation_language(occupation_language_);
  }
  // The desk sealed and saved the person's profile: the QR code, or why not.
  if (auto finished = desk_->take_finished())
    session_->finished(finished->record_id, std::move(finished->profile));
  if (session_->screen() == Screen::Finishing && finishing_drawn_ && !finish_ordered_) {
    // "Saving ..." is on screen: the desk seals and saves, off the frame.
    if (auto order = session_->finish_order()) {
      const std::array<std::uint8_t, 16> record_id = order->draft.record_id;
      if (const Catalogue* consent = catalogue(order->consent_language))
        desk_->finish(std::move(*order), *consent);
      else
        session_->finished(record_id, fail("session.wrong_catalogue",
                                           "The kiosk has no catalogue for the consent's "
                                           "language \"" +
                                               order->consent_language + "\"."));
    }
    finish_ordered_ = true;
  }
  ui_.language = session_->language();
  ui_.rtl = session_->right_to_left();
  ui_.catalogue = catalogue(ui_.language);
  // The volunteer's German under other languages, or the person's second language.
  ui_.german_below = (services_->german_below && ui_.language != "de") || second_language_.on();
  ui_.second = catalogue(second_language_for(ui_.language));
  ui_.now = now;
  ui_.redraw_at.reset();  // asked for again by what still shows
  ui_.content_size = TextSize::body;  // a screen with room says so (RoomForType)

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  Frame frame{*session_, ui_, *services_, now, viewport->Size};
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::Begin("##kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse);
  const Screen shown = session_->screen();
  const Section* shown_section = session_->section();
  // Into the volunteer's menu or the event: the desk reads the counts and the event afresh, off
  // the frame; the screen shows what it cached meanwhile.
  if (shown != last_screen_ && (shown == Screen::AdminHome || shown == Screen::AdminEvent))
    desk_->refresh();
  // A new screen (or another section) starts at its top, and ignores the finger that brought
  // it for a moment (TapGate); so does the screen under a warning that appeared.
  const std::optional<std::size_t> consent_step = session_->consent_step();
  ui_.reset_scroll = shown != last_screen_ || shown_section != last_section_ ||
                     consent_step != last_consent_step_;
  const bool warning = session_->idle().warning_seconds_left(now).has_value();
  if (ui_.reset_scroll || (warning && !last_warning_)) ui_.appeared();
  last_warning_ = warning;
  read_aloud_->begin_frame(frame, ui_.catalogue);
  ui_.second_language_button = SecondLanguageToggle::shows(frame);
  // The screen's id keeps ImGui's state (scrolling, held buttons) apart per screen.
  ImGui::PushID(static_cast<int>(shown));
  screens_.at(shown).draw(frame);
  ImGui::PopID();
  if (session_->screen() == shown) {
    stop_dialog_->draw_button(frame);
    read_aloud_->draw_button(frame);
    second_language_.draw_button(frame);
  }
  ImGui::End();
  stop_dialog_->draw(frame);
  idle_warning_->draw(frame);
  finishing_drawn_ = shown == Screen::Finishing;
  if (!finishing_drawn_) finish_ordered_ = false;

  const Screen after = session_->screen();

  // Back at the welcome screen from anywhere a person was: nothing of them stays.
  if (after == Screen::Welcome && shown != Screen::Welcome) wipe_person();
  last_screen_ = shown;
  last_section_ = shown_section;
  last_consent_step_ = consent_step;
}

std::optional<MonotonicTime> KioskUi::next_deadline(MonotonicTime now) const {
  // "Saving ..." is drawn, then the order goes to the desk; its answer wakes the loop.
  if (session_->screen() == Screen::Finishing && !finish_ordered_) return now;
  auto deadline = session_->idle().next_deadline(now);
  // The QR screen counts down its seconds on screen, and the volunteer's menu counts those of
  // a sync that is running (its end wakes the loop: set_wake).
  if (session_->screen() == Screen::Qr ||
      (session_->screen() == Screen::AdminHome && sync_->state().running)) {
    const auto next_second = now + std::chrono::seconds(1);
    if (!deadline || next_second < *deadline) deadline = next_second;
  }
  // While it reads aloud, now and then: the button turns back when the reading ends.
  if (read_aloud_->speaking()) {
    const auto soon = now + std::chrono::milliseconds(250);
    if (!deadline || soon < *deadline) deadline = soon;
  }
  // A field's message goes when its time is up.
  if (ui_.redraw_at && (!deadline || *ui_.redraw_at < *deadline)) deadline = ui_.redraw_at;
  return deadline;
}

int run_kiosk(const KioskRunOptions& options) {
  SessionConfig config;
  config.timeouts = options.timeouts;
  config.default_language = options.language;
  auto app = KioskUi::open(options.data_dir, options.assets_dir, config);
  if (!app) {
    std::cerr << "sichtbar-kiosk: " << app.error().message << "\n  (" << app.error().code << ")\n";
    return 1;
  }
  KioskUi& kiosk = **app;
  // Starts finding the atlas's glyphs while the window opens.
  const FontSetup font_setup = kiosk.text().font_setup(kiosk.atlas_strings());
  WindowOptions window;
  window.title = "Sichtbar";
  window.fullscreen = options.fullscreen;
  window.width = options.width;
  window.height = options.height;
  auto platform = Platform::open(window);
  if (!platform) {
    std::cerr << "sichtbar-kiosk: " << platform.error().message << "\n  (" << platform.error().code
              << ")\n";
    return 1;
  }
  Platform& p = **platform;
  kiosk.set_scale(p.display().ui_scale);
  kiosk.set_press_was_tap([&p] { return p.press_was_tap(); });
  kiosk.set_quit([&p] { p.request_quit(); });
  kiosk.set_wake([] { Platform::wake(); });
  // No sound output is no reason to stop: the screens show no speaker button then.
  if (auto speaker = Speaker::open())
    kiosk.set_speaker(std::move(*speaker));
  else
    std::cerr << "sichtbar-kiosk: no read aloud: " << speaker.error().message << std::endl;
  if (auto fonts = p.build_fonts(font_setup); !fonts) {
    std::cerr << "sichtbar-kiosk: " << fonts.error().message << "\n  (" << fonts.error().code
              << ")\n";
    return 1;
  }
  kiosk.apply_style();
  const AtlasFigures& atlas = kiosk.text().atlas_figures();
  std::cout << "sichtbar-kiosk: font atlas " << atlas.width << "x" << atlas.height << " ("
            << atlas.glyphs << " shaped glyphs, " << (atlas.rgba_bytes() >> 20)
            << " MiB as RGBA on the GPU)" << std::endl;
  // A script taps by target (`tap-on ##add`): the widgets name themselves while one plays, so
  // a tap lands on the button wherever a new question moved it.
  std::vector<TouchTarget> targets;
  if (options.script) {
    kiosk.ui().touch_targets = &targets;
    p.find_targets_with([&targets](std::string_view id) -> std::optional<ImVec2> {
      for (const TouchTarget& t : targets)
        if (t.id == id && !t.covered && t.visible_min.x < t.visible_max.x &&
            t.visible_min.y < t.visible_max.y)
          return ImVec2((t.visible_min.x + t.visible_max.x) / 2,
                        (t.visible_min.y + t.visible_max.y) / 2);
      return std::nullopt;
    });
    p.play(*options.script);
  }
  auto seen_input = p.last_input();
  p.run(
      [&] {
        if (p.last_input() != seen_input) {
          seen_input = p.last_input();
          kiosk.input(seen_input);
        }
        targets.clear();  // the ones of the frame drawn now
        // While the desk works, keep drawing: its answer shows as soon as it comes, and a
        // script's screenshot waits for it. Busy as the frame began counts too: a job that ended
        // during the frame left an answer the next frame takes.
        const bool desk_was_busy = kiosk.desk().view().busy;
        kiosk.draw(Platform::Clock::now());
        // Two: the frame that asks counts as one of them once it is drawn.
        if (desk_was_busy || kiosk.desk().view().busy) p.request_frames(2);
      },
      [&] { return kiosk.next_deadline(Platform::Clock::now()); });
  kiosk.ui().touch_targets = nullptr;
  kiosk.set_wake({});  // the window closes before the kiosk (and a sync in flight) does
  // The speaker closes its audio device while SDL is still up (the Platform quits SDL).
  kiosk.set_speaker(nullptr);
  if (options.script && !p.script_result()) {
    std::cerr << "sichtbar-kiosk: " << p.script_result().error().message << "\n";
    return 1;
  }
  return 0;
}

}  // namespace sichtbar::ui
