/* The field a message is about, in the user's words (field-names.c). */
#ifndef BB_BASE_FIELD_NAMES_H
#define BB_BASE_FIELD_NAMES_H

#include <stddef.h>

#define BB_ERRFIELD_SIZE 40

/* msg (size bytes) begins "key: ..." with key a field key: key gets the key, and msg names the
 * field in the user's language ("reported: ..." becomes "meldingsdatum: ..." under nl). Any
 * other msg is left alone and key is "". */
void bb_field_names__apply(char *msg, size_t size, char key[BB_ERRFIELD_SIZE]);

#endif
