"""The supporter side: signing an appeal, confirming by e-mail, sending letters to targets."""
