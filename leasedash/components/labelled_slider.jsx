// Radix Themes' slider (the same parts and classes as @radix-ui/themes' Slider) whose thumbs carry a name: the
// themed Slider gives its thumbs no aria-label, so a screen reader announced "slider" with no name.
// "radix-ui" is the primitives package @radix-ui/themes itself is built on.
import { Slider } from "radix-ui";

export function LabelledSlider({ label, color, className, ...props }) {
  const values = props.value ?? props.defaultValue ?? [];
  const classes = ["rt-SliderRoot", "rt-r-size-2", "rt-variant-surface", className].filter(Boolean).join(" ");
  return (
    <Slider.Root data-accent-color={color} {...props} className={classes}>
      <Slider.Track className="rt-SliderTrack">
        <Slider.Range className="rt-SliderRange" />
      </Slider.Track>
      {values.map((_, index) => (
        <Slider.Thumb key={index} className="rt-SliderThumb" aria-label={label} />
      ))}
    </Slider.Root>
  );
}
