/* ucwa-sim-faults.c: injected faults and the errors they answer with
 *
 * The error bodies of tests/data/samples/derived/, one per fault, and the
 * counters that make a fault hit the next N matching requests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-sim-private.h"

static const struct
{
  UcwaSimFault fault;
  guint        status;
  const char  *code;
  const char  *subcode;
  const char  *message;
} fault_errors[] = {
  { UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, 500, "ServiceFailure", "CallbackChannelError",
    "The remote event channel is not reachable" },
  { UCWA_SIM_FAULT_ACCEPT_ALREADY_EXISTS, 409, "Conflict", "AlreadyExists", "The already exists error." },
  { UCWA_SIM_FAULT_ACCEPT_TOO_MANY_GROUPS, 409, "Conflict", "TooManyGroups", "The too many groups error." },
  { UCWA_SIM_FAULT_ACCEPT_CONFLICT_NONE, 409, "Conflict", "None", "Un-supported Service/Resource/API error." },
  { UCWA_SIM_FAULT_ACCEPT_CANNOT_REDIRECT, 410, "Gone", "CannotRedirect",
    "Cannot redirect since there is no back up pool configured." },
  { UCWA_SIM_FAULT_ACCEPT_SERVICE_UNAVAILABLE, 503, "ServiceUnavailable", NULL,
    "The service is temporarily unavailable. Please retry later." },
  { UCWA_SIM_FAULT_DECLINE_CALLBACK_CHANNEL_ERROR, 500, "ServiceFailure", "CallbackChannelError",
    "The remote event channel is not reachable" },
  { UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, 404, "NotFound", "ApplicationNotFound", "Application Not Found." },
  { UCWA_SIM_FAULT_EVENTS_PGET_REPLACED, 409, "Conflict", "PGetReplaced",
    "The existing P-GET was replaced with a new P-GET from the client application." },
  { UCWA_SIM_FAULT_EVENTS_INACTIVE_EXPIRED, 410, "Gone", "InactiveApplicationExpired", "Inactive application expired." },
  { UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE, 503, "ServiceUnavailable", NULL,
    "The service is temporarily unavailable. Please retry later." },
};

gboolean
sim_fault_error (UcwaSimFault fault,
                 guint       *status,
                 const char **code,
                 const char **subcode,
                 const char **message)
{
  for (guint i = 0; i < G_N_ELEMENTS (fault_errors); i++)
    {
      if (fault_errors[i].fault == fault)
        {
          *status = fault_errors[i].status;
          *code = fault_errors[i].code;
          *subcode = fault_errors[i].subcode;
          *message = fault_errors[i].message;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
sim_is_events_fault (UcwaSimFault fault)
{
  return (fault >= UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND && fault <= UCWA_SIM_FAULT_EVENTS_STALL) ||
         fault == UCWA_SIM_FAULT_EVENTS_RESUME_RESET;
}

UcwaSimFault
sim_take_fault (UcwaSimServer *self,
                UcwaSimFault   first,
                UcwaSimFault   last)
{
  for (guint f = first; f <= last; f++)
    {
      if (self->faults[f] > 0)
        {
          self->faults[f]--;
          return (UcwaSimFault) f;
        }
    }

  return NO_FAULT;
}
